// KvSequence over a chain of decoder stages: gathers token embeddings on the host, splices in
// image rows, computes the position inputs once per call (rotary tables with the sequence's
// fixed NTK alpha, logn, causal bias) and passes the hidden state from stage to stage. Counts
// what the last stage read back, so the bench and tests can see how greedy steps were served.
import type { KvSequence, Readback, SequenceInput, StepScores } from '../generation/kv-sequence'
import type { EmbeddingTable } from '../runtime/embeddings'
import type { ModelRunner } from '../runtime/model-runner'
import { spliceImageRows } from '../runtime/embeddings'
import { stepPositions, type PositionArch } from '../runtime/position-inputs'
import type { DecoderStage, SequenceId, StageOutput } from '../runtime/stage'
import { EngineError } from '../engine-errors'

/** Steps by what came back from the last stage, over the chain's life. */
export interface ReadbackCounts {
  /** Steps that read back only the top-K scores. */
  topK: number
  /** Steps that read back the full logits. */
  full: number
  /** Full logits fetched after a top-K step, because its K could not decide. */
  fallbacks: number
}

export class StageChain {
  readonly readbacks: ReadbackCounts = { topK: 0, full: 0, fallbacks: 0 }

  constructor(
    readonly stages: readonly DecoderStage[],
    private readonly table: EmbeddingTable,
    private readonly arch: PositionArch & { hidden: number },
    private readonly imagePadId: number
  ) {}

  /** The chain over a runner's stages and embedding table. */
  static of(runner: Pick<ModelRunner, 'stages' | 'embeddings' | 'manifest'>): StageChain {
    const { manifest } = runner
    return new StageChain(
      runner.stages,
      runner.embeddings,
      manifest.arch.llm,
      manifest.specialIds.imagePad
    )
  }

  open(ntkAlpha: number): KvSequence {
    return new StageSequence(
      this,
      this.stages.map((s) => s.openSequence()),
      ntkAlpha
    )
  }

  /** Hidden states of `input` for the first stage: embeddings with image rows spliced in. */
  embed(input: SequenceInput): Float32Array {
    const hidden = this.table.gather(input.ids)
    const rows =
      input.imageRows !== undefined && input.imageRows.length > 0 ? input.imageRows : undefined
    spliceImageRows(hidden, input.ids, this.imagePadId, rows, this.arch.hidden)
    return hidden
  }

  async run(
    ids: readonly SequenceId[],
    start: number,
    input: SequenceInput,
    alpha: number,
    readback: Readback
  ): Promise<StageOutput> {
    const tokens = input.ids.length
    const positions = stepPositions(this.arch, start, tokens, alpha)
    let hidden = this.embed(input)
    for (let i = 0; i < this.stages.length; i++) {
      const out = await this.stages[i].forward(ids[i], {
        hidden,
        tokens,
        logits: readback,
        ...positions
      })
      if (out.logits !== undefined) {
        this.readbacks.full++
        return out
      }
      if (out.top !== undefined) {
        this.readbacks.topK++
        return out
      }
      if (out.hidden === undefined)
        throw new EngineError(
          'STAGE_FAILED',
          `decoder stage ${i} returned neither hidden states nor logits`
        )
      hidden = out.hidden
    }
    throw new EngineError('STAGE_FAILED', 'the last decoder stage returned no logits')
  }
}

class StageSequence implements KvSequence {
  private closed = false

  constructor(
    private readonly chain: StageChain,
    private readonly ids: readonly SequenceId[],
    private readonly alpha: number
  ) {}

  get length(): number {
    return this.chain.stages[0].cachedLength(this.ids[0])
  }

  async extend(input: SequenceInput): Promise<Float32Array> {
    const out = await this.chain.run(this.ids, this.length, input, this.alpha, 'full')
    if (out.logits === undefined)
      throw new EngineError('STAGE_FAILED', 'the last decoder stage returned no logits')
    return out.logits
  }

  async extendWith(input: SequenceInput, readback: Readback): Promise<StepScores> {
    const out = await this.chain.run(this.ids, this.length, input, this.alpha, readback)
    if (out.logits !== undefined) return { logits: out.logits }
    if (out.top === undefined)
      throw new EngineError('STAGE_FAILED', 'the last decoder stage returned no logits')
    const length = this.length
    return {
      top: out.top,
      fullLogits: async () => {
        if (this.closed || this.length !== length)
          throw new EngineError('STAGE_FAILED', 'the step whose logits were asked for is gone')
        this.chain.readbacks.fallbacks++
        const last = this.chain.stages.length - 1
        return this.chain.stages[last].fullLogits(this.ids[last])
      }
    }
  }

  truncate(length: number): void {
    this.chain.stages.forEach((stage, i) => stage.truncate(this.ids[i], length))
  }

  fork(): KvSequence {
    const forked = this.chain.stages.map((stage, i) => stage.fork(this.ids[i]))
    return new StageSequence(this.chain, forked, this.alpha)
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    this.chain.stages.forEach((stage, i) => stage.closeSequence(this.ids[i]))
  }
}
