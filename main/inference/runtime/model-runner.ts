// A simple in-thread runner that chains decoder stages: embedding gather + image splice on the
// host, position inputs per step, stage after stage, logits at the end. Used by the CLI tools
// and tests; the placement helper runs the same stages in workers.
import { ModelPackage, type OpenPackageOptions } from '../package/model-package'
import { EmbeddingTable, spliceImageRows } from './embeddings'
import { RuntimeError } from './errors'
import { ntkAlpha, stepPositions } from './position-inputs'
import { createStage } from './create-stage'
import type { CreateStageOptions, DecoderStage, SequenceId, StageOutput, StageSpec } from './stage'
import { VisionEncoder } from './vision-session'

export interface RunnerOptions extends CreateStageOptions, OpenPackageOptions {
  /** Stages to chain; default: one CPU stage over every layer. */
  stages?: StageSpec[]
  /** Opens one stage; default: createStage in this thread (split-runner.ts passes worker proxies). */
  openStage?: (pkg: ModelPackage, spec: StageSpec) => Promise<DecoderStage>
}

/** A sequence across every stage, with the NTK alpha fixed at its first prefill. */
export interface RunnerSequence {
  ids: SequenceId[]
  alpha: number | undefined
  length: number
}

export class ModelRunner {
  private vision: VisionEncoder | undefined

  private constructor(
    readonly pkg: ModelPackage,
    readonly stages: DecoderStage[],
    readonly embeddings: EmbeddingTable,
    private readonly options: RunnerOptions
  ) {}

  static async load(dir: string, options: RunnerOptions = {}): Promise<ModelRunner> {
    const pkg = await ModelPackage.open(dir, options)
    const { layers } = pkg.manifest.arch.llm
    const specs = options.stages ?? [
      { layers: [0, layers], device: { kind: 'cpu', index: 0 }, isLast: true }
    ]
    const stages: DecoderStage[] = []
    try {
      for (const spec of specs)
        stages.push(await (options.openStage?.(pkg, spec) ?? createStage(pkg, spec, options)))
    } catch (error) {
      for (const s of stages) await s.dispose()
      throw error
    }
    const e = pkg.manifest.embedding
    const table = new EmbeddingTable(pkg.path(e.file), e.rows, e.width, e.dtype)
    return new ModelRunner(pkg, stages, table, options)
  }

  get manifest(): ModelPackage['manifest'] {
    return this.pkg.manifest
  }

  /** Image embeddings [count, queries, hidden] for preprocessed pixels. */
  async encodeImages(pixels: Float32Array, count: number): Promise<Float32Array> {
    this.vision ??= await VisionEncoder.open(this.pkg, this.options)
    return this.vision.encode(pixels, count)
  }

  openSequence(): RunnerSequence {
    return { ids: this.stages.map((s) => s.openSequence()), alpha: undefined, length: 0 }
  }

  closeSequence(seq: RunnerSequence): void {
    this.stages.forEach((s, i) => s.closeSequence(seq.ids[i]))
  }

  /**
   * Runs `tokens` (with image rows spliced in at every imagePad id) through every stage and
   * returns the logits [vocab] of the last position. The first call fixes the NTK alpha.
   */
  async forward(
    seq: RunnerSequence,
    tokens: readonly number[],
    imageEmbeds?: Float32Array
  ): Promise<Float32Array> {
    const out = await this.run(seq, tokens, imageEmbeds, 'full')
    if (out.logits === undefined)
      throw new RuntimeError('BAD_INPUT', 'the last stage gave no logits')
    return out.logits
  }

  /**
   * As forward, but returns the greedy next id: a last stage that can take the argmax on the
   * device (WebGPU gqa) reads back only that id; others return logits, reduced here.
   */
  async forwardGreedy(
    seq: RunnerSequence,
    tokens: readonly number[],
    imageEmbeds?: Float32Array
  ): Promise<number> {
    const out = await this.run(seq, tokens, imageEmbeds, 'argmax')
    if (out.nextId !== undefined) return out.nextId
    if (out.logits === undefined)
      throw new RuntimeError('BAD_INPUT', 'the last stage gave no logits')
    return argmax(out.logits)
  }

  private async run(
    seq: RunnerSequence,
    tokens: readonly number[],
    imageEmbeds: Float32Array | undefined,
    logits: 'full' | 'argmax'
  ): Promise<StageOutput> {
    const { llm } = this.manifest.arch
    if (tokens.length === 0) throw new RuntimeError('BAD_INPUT', 'forward needs at least one token')
    let hidden = this.embeddings.gather(tokens)
    spliceImageRows(hidden, tokens, this.manifest.specialIds.imagePad, imageEmbeds, llm.hidden)
    seq.alpha ??= ntkAlpha(seq.length + tokens.length, llm.seqLength, llm.useDynamicNtk)
    const positions = stepPositions(llm, seq.length, tokens.length, seq.alpha)
    for (let i = 0; i < this.stages.length; i++) {
      const out = await this.stages[i].forward(seq.ids[i], {
        hidden,
        tokens: tokens.length,
        logits,
        ...positions
      })
      if (out.logits !== undefined || out.nextId !== undefined) {
        seq.length += tokens.length
        return out
      }
      if (!out.hidden)
        throw new RuntimeError('BAD_INPUT', `stage ${i} returned neither hidden nor logits`)
      hidden = out.hidden
    }
    throw new RuntimeError('BAD_INPUT', 'the last stage is not marked isLast')
  }

  /** Greedy decoding: prefill, then argmax one token at a time until a stop id or the limit. */
  async greedy(
    prompt: readonly number[],
    options: { maxNewTokens: number; imageEmbeds?: Float32Array; stopIds?: readonly number[] }
  ): Promise<number[]> {
    const seq = this.openSequence()
    const stops = new Set(options.stopIds ?? this.manifest.chatDefaults.stopIds)
    const out: number[] = []
    try {
      let next = await this.forwardGreedy(seq, prompt, options.imageEmbeds)
      while (out.length < options.maxNewTokens) {
        out.push(next)
        if (stops.has(next) || out.length === options.maxNewTokens) break
        next = await this.forwardGreedy(seq, [next])
      }
    } finally {
      this.closeSequence(seq)
    }
    return out
  }

  async dispose(): Promise<void> {
    await this.vision?.dispose()
    for (const s of this.stages) await s.dispose()
    this.embeddings.close()
  }
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i
  return best
}
