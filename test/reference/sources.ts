// Opens the seed's source checkpoints and merges their key spaces in the order of MODEL-SPEC
// §10.3 (later sources override earlier ones), under the composite model's names:
// visual_encoder.* <- eva_vit_g.pth, llm_model.* <- Qwen folder, then the BLIP-2 "model" dict,
// then the SFT file. ln_f / lm_head therefore fall back to the Qwen folder when the SFT lacks them.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { openCheckpoint } from '../../main/inference/checkpoint/open-checkpoint'
import { readQwenConfig, type QwenConfig } from '../../main/inference/checkpoint/qwen-config'
import type { CheckpointReader } from '../../main/inference/checkpoint/types'

export interface SourcePaths {
  readonly vision: string
  readonly blip2: string
  readonly qwenFolder: string
  readonly sft: string
  /** Optional arch.json (heads, eps and vision depth for non-standard models). */
  readonly archJson?: string
}

export function defaultSourcePaths(sourceDir: string): SourcePaths {
  return {
    vision: join(sourceDir, 'eva_vit_g.pth'),
    blip2: join(sourceDir, 'blip2_pretrained_flant5xxl.pth'),
    qwenFolder: join(sourceDir, 'qwen'),
    sft: join(sourceDir, 'unfreeze_llm_model.pth'),
    archJson: join(sourceDir, 'arch.json')
  }
}

export interface ArchOverrides {
  readonly vision?: { heads?: number; layerNormEps?: number; lnVisionEps?: number; depth?: number }
  readonly qformer?: { heads?: number; crossAttentionFreq?: number; layerNormEps?: number }
}

export class MergedWeights {
  private readonly owners = new Map<string, { reader: CheckpointReader; name: string }>()

  constructor(
    private readonly readers: readonly CheckpointReader[],
    readonly qwen: QwenConfig,
    readonly arch: ArchOverrides
  ) {}

  /** Registers every tensor of `reader`, renamed by `rename`, overriding earlier owners. */
  overlay(reader: CheckpointReader, rename: (name: string) => string): void {
    for (const info of reader.list())
      this.owners.set(rename(info.name), { reader, name: info.name })
  }

  has(name: string): boolean {
    return this.owners.has(name)
  }

  shape(name: string): readonly number[] {
    const { reader, name: inner } = this.owner(name)
    return reader.info(inner).shape
  }

  async get(name: string): Promise<Float64Array> {
    const { reader, name: inner } = this.owner(name)
    return reader.readFloat64(inner)
  }

  names(): string[] {
    return [...this.owners.keys()]
  }

  async close(): Promise<void> {
    await Promise.all(this.readers.map((reader) => reader.close()))
  }

  private owner(name: string): { reader: CheckpointReader; name: string } {
    const owner = this.owners.get(name)
    if (!owner) throw new Error(`reference: no source checkpoint provides ${name}`)
    return owner
  }
}

export async function openSources(paths: SourcePaths): Promise<MergedWeights> {
  let arch: ArchOverrides = {}
  if (paths.archJson) {
    try {
      arch = JSON.parse(await readFile(paths.archJson, 'utf8')) as ArchOverrides
    } catch {
      arch = {}
    }
  }
  const vision = await openCheckpoint(paths.vision)
  const qwen = await openCheckpoint(paths.qwenFolder)
  const blip2 = await openCheckpoint(paths.blip2)
  const sft = await openCheckpoint(paths.sft)
  const merged = new MergedWeights(
    [vision, qwen, blip2, sft],
    await readQwenConfig(paths.qwenFolder),
    arch
  )
  merged.overlay(vision, (name) => `visual_encoder.${name}`)
  merged.overlay(qwen, (name) => `llm_model.${name}`)
  merged.overlay(blip2, (name) => name)
  merged.overlay(sft, (name) => name)
  return merged
}
