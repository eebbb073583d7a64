// The last-stage output of a stage whose logits arrive on the host (CPU stage, the devicekv
// WebGPU stage): the full logits, or for a 'top-k' request the K best selected here (a stage in a
// worker then sends K scores, not the vocabulary), with the logits kept per sequence until it
// changes, for the rare step whose K cannot decide (generation/top-logits.ts).
import { READBACK_TOP_K, topLogitsOf } from '../generation/top-logits'
import { RuntimeError } from './errors'
import type { LogitsReadback, SequenceId, StageOutput } from './stage'

export class HostLogits {
  private readonly kept = new Map<SequenceId, Float32Array>()

  /** The output for `logits` of `seq`'s step, as `readback` asks. */
  answer(seq: SequenceId, logits: Float32Array, readback: LogitsReadback | undefined): StageOutput {
    if (readback !== 'top-k') return { logits }
    this.kept.set(seq, logits)
    return { top: topLogitsOf(logits, READBACK_TOP_K) }
  }

  fetch(seq: SequenceId): Float32Array {
    const logits = this.kept.get(seq)
    if (logits === undefined)
      throw new RuntimeError('NO_KEPT_LOGITS', `sequence ${seq} has no 'top-k' step to fetch`)
    return logits
  }

  /** Forgets `seq`'s logits: it ran again, was cut back or closed. */
  drop(seq: SequenceId): void {
    this.kept.delete(seq)
  }

  clear(): void {
    this.kept.clear()
  }
}
