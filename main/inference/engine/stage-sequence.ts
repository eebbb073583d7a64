// KvSequence over a chain of decoder stages: gathers token embeddings on the host, splices in
// image rows, computes the position inputs once per call (rotary tables with the sequence's
// fixed NTK alpha, logn, causal bias) and passes the hidden state from stage to stage.
import type { KvSequence, SequenceInput } from '../generation/kv-sequence'
import type { EmbeddingTable } from '../runtime/embeddings'
import { spliceImageRows } from '../runtime/embeddings'
import { stepPositions, type PositionArch } from '../runtime/position-inputs'
import type { DecoderStage, SequenceId } from '../runtime/stage'
import { EngineError } from '../engine-errors'

export class StageChain {
  constructor(
    readonly stages: readonly DecoderStage[],
    private readonly table: EmbeddingTable,
    private readonly arch: PositionArch & { hidden: number },
    private readonly imagePadId: number
  ) {}

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
    alpha: number
  ): Promise<Float32Array> {
    const tokens = input.ids.length
    const positions = stepPositions(this.arch, start, tokens, alpha)
    let hidden = this.embed(input)
    for (let i = 0; i < this.stages.length; i++) {
      const out = await this.stages[i].forward(ids[i], { hidden, tokens, ...positions })
      if (out.logits !== undefined) return out.logits
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

  extend(input: SequenceInput): Promise<Float32Array> {
    return this.chain.run(this.ids, this.length, input, this.alpha)
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
