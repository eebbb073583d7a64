// A stage in a process of its own that survives the death of that process: it remembers every
// input of each open sequence (its hidden rows, small next to the KV they rebuild, and what its
// position tables were built from: stage-replay.ts), and when the process dies it starts a new
// one, replays each sequence's inputs to rebuild the KV cache, and runs the interrupted step
// again. Greedy answers come out the same; the conversation is not lost.
// Repeated deaths get back-off, then a clear error, as the model-host restart policy does.
import { RuntimeError } from './errors'
import type { DecoderStage, SequenceId, StageInput, StageOutput, StageSpec } from './stage'
import { StageInputLog } from './stage-replay'
import { StageWorkerError } from './worker-errors'

export interface RecoveryOptions {
  maxRestartAttempts?: number
  /** Called after a restarted process has rebuilt every sequence. */
  onRestart?: (reason: string, attempt: number) => void
}

interface Sequence {
  inner: SequenceId
  log: StageInputLog
  /** The last step asked for 'top-k': a replay asks again, so the logits are kept for fullLogits. */
  keepsLogits: boolean
}

export class RecoveringStage implements DecoderStage {
  private readonly sequences = new Map<SequenceId, Sequence>()
  /** Deaths since the last successful step. */
  private failures = 0
  private nextSeq = 1

  private constructor(
    private inner: DecoderStage,
    private readonly reopen: () => Promise<DecoderStage>,
    private readonly options: RecoveryOptions
  ) {}

  static async open(
    open: () => Promise<DecoderStage>,
    options: RecoveryOptions = {}
  ): Promise<RecoveringStage> {
    return new RecoveringStage(await open(), open, options)
  }

  get spec(): StageSpec {
    return this.inner.spec
  }

  openSequence(): SequenceId {
    const seq = this.nextSeq++
    this.sequences.set(seq, {
      inner: this.inner.openSequence(),
      log: StageInputLog.empty(),
      keepsLogits: false
    })
    return seq
  }

  async forward(seq: SequenceId, input: StageInput): Promise<StageOutput> {
    for (;;) {
      const sequence = this.sequence(seq)
      try {
        const output = await this.inner.forward(sequence.inner, input)
        sequence.log.record(input)
        sequence.keepsLogits = input.logits === 'top-k'
        this.failures = 0
        return output
      } catch (error) {
        if (!isDeath(error)) throw error
        await this.recover(error)
      }
    }
  }

  async fullLogits(seq: SequenceId): Promise<Float32Array> {
    for (;;) {
      const sequence = this.sequence(seq)
      try {
        return await this.inner.fullLogits(sequence.inner)
      } catch (error) {
        if (!isDeath(error)) throw error
        await this.recover(error)
      }
    }
  }

  truncate(seq: SequenceId, length: number): void {
    const sequence = this.sequence(seq)
    this.inner.truncate(sequence.inner, length)
    sequence.log.truncate(length)
    sequence.keepsLogits = false
  }

  fork(seq: SequenceId): SequenceId {
    const sequence = this.sequence(seq)
    const copy = this.nextSeq++
    this.sequences.set(copy, {
      inner: this.inner.fork(sequence.inner),
      log: sequence.log.copy(),
      keepsLogits: false
    })
    return copy
  }

  cachedLength(seq: SequenceId): number {
    return this.inner.cachedLength(this.sequence(seq).inner)
  }

  closeSequence(seq: SequenceId): void {
    this.inner.closeSequence(this.sequence(seq).inner)
    this.sequences.delete(seq)
  }

  dispose(): Promise<void> {
    this.sequences.clear()
    return this.inner.dispose()
  }

  /** Restarts the process and rebuilds every sequence, retrying while processes keep dying. */
  private async recover(cause: StageWorkerError): Promise<void> {
    let reason = cause
    for (;;) {
      this.failures += 1
      const limit = this.options.maxRestartAttempts ?? 3
      if (this.failures > limit) {
        throw new StageWorkerError(
          'WORKER_DIED',
          `${reason.message}; gave up after ${limit} restarts in a row`
        )
      }
      await new Promise((resolve) => setTimeout(resolve, 250 * this.failures))
      try {
        await this.restart()
        this.options.onRestart?.(reason.message, this.failures)
        return
      } catch (error) {
        if (!isDeath(error)) throw error
        reason = error
      }
    }
  }

  private async restart(): Promise<void> {
    // Releases the dead process's pool entry; the dispose call itself fails, as expected.
    await this.inner.dispose().catch(() => undefined)
    this.inner = await this.reopen()
    for (const sequence of this.sequences.values()) {
      sequence.inner = this.inner.openSequence()
      // Only the KV matters here: a last stage need not send its logits back, except that a
      // last 'top-k' step is asked again so that its logits are kept for fullLogits.
      let pending: StageInput | undefined
      for (const input of sequence.log.replay()) {
        if (pending) await this.inner.forward(sequence.inner, { ...pending, logits: 'argmax' })
        pending = input
      }
      if (pending) {
        const logits = sequence.keepsLogits ? 'top-k' : 'argmax'
        await this.inner.forward(sequence.inner, { ...pending, logits })
      }
    }
  }

  private sequence(seq: SequenceId): Sequence {
    const sequence = this.sequences.get(seq)
    if (!sequence)
      throw new RuntimeError(
        'UNKNOWN_SEQUENCE',
        `stage ${this.spec.layers.join('-')} has no sequence ${seq}`
      )
    return sequence
  }
}

function isDeath(error: unknown): error is StageWorkerError {
  return error instanceof StageWorkerError && error.code === 'WORKER_DIED'
}
