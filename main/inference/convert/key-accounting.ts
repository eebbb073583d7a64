// Resolves each model tensor to the source file that wins under the seed's merge order
// (MODEL-SPEC §10.3: SFT > BLIP-2 > EVA / Qwen folder) and accounts for every key of every
// source: used, ignored (with the reason it is expected to be unused) or missing (fell back).
import { basename } from 'node:path'
import type { CheckpointReader } from '../checkpoint/types'
import { ConvertError } from './errors'

export type SourceName = 'vit' | 'blip2' | 'llm' | 'sft'
export type Sources = Readonly<Record<SourceName, CheckpointReader>>

export interface SourceKey {
  source: SourceName
  key: string
}

export interface ConvertReport {
  used: { file: string; key: string; target: string }[]
  ignored: { file: string; key: string; reason: string }[]
  missing: { file: string; key: string; fallback: string }[]
}

/** Candidates for a ViT tensor (unprefixed name inside eva_vit_g.pth), highest priority first. */
export function vitCandidates(key: string): SourceKey[] {
  return [
    { source: 'sft', key: `visual_encoder.${key}` },
    { source: 'blip2', key: `visual_encoder.${key}` },
    { source: 'vit', key }
  ]
}

/** Candidates for a BLIP-2-side tensor (Qformer.*, query_tokens, ln_vision.*, llm_proj.*). */
export function blip2Candidates(key: string): SourceKey[] {
  return [
    { source: 'sft', key },
    { source: 'blip2', key }
  ]
}

/** Candidates for a Qwen tensor (HF name without the `llm_model.` prefix). */
export function llmCandidates(key: string): SourceKey[] {
  return [
    { source: 'sft', key: `llm_model.${key}` },
    { source: 'blip2', key: `llm_model.${key}` },
    { source: 'llm', key }
  ]
}

const expectedUnused: Record<SourceName, [RegExp, string][]> = {
  vit: [
    [/^(norm|fc_norm|head)\./, 'EVA final norm / classification head (not used by BLIP-2)'],
    [/^rel_pos_bias\./, 'relative position bias (disabled in EVA ViT-g)']
  ],
  blip2: [
    [/^t5_(proj|model)\./, 'T5 branch of BLIP-2 (replaced by llm_proj)'],
    [/^Qformer\.cls\./, 'Q-Former text head (text branch unused)'],
    [
      /^Qformer\.bert\.embeddings\.(word_embeddings|position_embeddings|position_ids)/,
      'Q-Former text embeddings (text branch unused)'
    ],
    [
      /^Qformer\.bert\.encoder\.layer\.\d+\.(intermediate|output)\./,
      'Q-Former text FFN (only *_query FFN is used)'
    ]
  ],
  llm: [[/rotary_emb\.inv_freq$|masked_bias$|attn\.bias$/, 'non-persistent buffer']],
  sft: []
}

export class KeyAccounting {
  private readonly used = new Map<string, { source: SourceName; key: string; target: string }>()
  private readonly overridden = new Map<string, string>()
  private readonly fallbacks: ConvertReport['missing'] = []
  private readonly extraIgnored = new Map<string, string>()

  constructor(readonly sources: Sources) {}

  private id(source: SourceName, key: string): string {
    return `${source}\u0000${key}`
  }

  fileOf(source: SourceName): string {
    return basename(this.sources[source].path)
  }

  /** Picks the winning source for `target`; throws a missing-tensor error naming every place looked. */
  resolve(target: string, candidates: readonly SourceKey[]): SourceKey {
    const present = candidates.filter((c) => this.sources[c.source].has(c.key))
    if (present.length === 0) {
      const looked = candidates.map((c) => `${c.key} in ${this.fileOf(c.source)}`).join(', ')
      throw new ConvertError(
        'MISSING_TENSOR',
        `required tensor ${target} is missing (looked for ${looked})`
      )
    }
    const winner = present[0]
    this.used.set(this.id(winner.source, winner.key), { ...winner, target })
    for (const loser of present.slice(1)) {
      this.overridden.set(
        this.id(loser.source, loser.key),
        `overridden by ${winner.key} in ${this.fileOf(winner.source)}`
      )
    }
    const sftCandidate = candidates.find((c) => c.source === 'sft')
    if (winner.source === 'llm' && sftCandidate !== undefined) {
      this.fallbacks.push({
        file: this.fileOf('sft'),
        key: sftCandidate.key,
        fallback: `${winner.key} from the Qwen folder`
      })
    }
    return winner
  }

  /** Marks keys deliberately skipped for a model-specific reason (e.g. blocks beyond depth). */
  ignore(source: SourceName, key: string, reason: string): void {
    this.extraIgnored.set(this.id(source, key), reason)
  }

  report(): ConvertReport {
    const report: ConvertReport = { used: [], ignored: [], missing: [...this.fallbacks] }
    for (const source of ['vit', 'blip2', 'llm', 'sft'] as const) {
      const file = this.fileOf(source)
      for (const { name } of this.sources[source].list()) {
        const id = this.id(source, name)
        const use = this.used.get(id)
        if (use) {
          report.used.push({ file, key: name, target: use.target })
          continue
        }
        const reason =
          this.extraIgnored.get(id) ??
          this.overridden.get(id) ??
          expectedUnused[source].find(([re]) => re.test(name))?.[1] ??
          'unexpected key, not part of MPP-Qwen-Next'
        report.ignored.push({ file, key: name, reason })
      }
    }
    return report
  }
}
