// A DecoderStage whose sessions live in a device worker: the proxy numbers sequences itself and
// mirrors their cached lengths, so the synchronous parts of the stage contract stay synchronous
// and only forward() waits for the worker.
import { z } from 'zod'
import type { DecoderStage, SequenceId, StageInput, StageOutput, StageSpec } from './stage'
import { RuntimeError } from './errors'
import type { DeviceWorker, WorkerProgress } from './worker-client'
import { toWire, wireArrays } from './stage-wire'
import { fullLogitsSchema, stageOutputSchema, transferablesOf } from './worker-protocol'

export interface ForwardOptions {
  /** Hand the input buffers to the worker instead of copying them (the caller loses them). */
  transfer?: boolean
}

export class WorkerStage implements DecoderStage {
  private readonly lengths = new Map<SequenceId, number>()
  private nextSeq = 1
  private disposed = false

  private constructor(
    readonly spec: StageSpec,
    private readonly worker: DeviceWorker,
    private readonly key: number,
    private readonly release: () => Promise<void>
  ) {}

  static async load(
    worker: DeviceWorker,
    key: number,
    pkgDir: string,
    spec: StageSpec,
    options: {
      threads: number
      deviceTopK?: boolean
      onProgress?: (progress: WorkerProgress) => void
      release: () => Promise<void>
    }
  ): Promise<WorkerStage> {
    const { threads, deviceTopK } = options
    await worker.call(
      {
        kind: 'load-stage',
        stage: key,
        pkgDir,
        spec,
        threads,
        ...(deviceTopK === undefined ? {} : { deviceTopK })
      },
      z.null(),
      [],
      options.onProgress
    )
    return new WorkerStage(spec, worker, key, options.release)
  }

  openSequence(): SequenceId {
    const seq = this.nextSeq++
    this.lengths.set(seq, 0)
    this.worker.notify({ kind: 'open', stage: this.key, seq })
    return seq
  }

  async forward(
    seq: SequenceId,
    input: StageInput,
    options: ForwardOptions = {}
  ): Promise<StageOutput> {
    const length = this.length(seq)
    const wire = toWire(input)
    const transfer = options.transfer ? transferablesOf(wireArrays(wire)) : []
    const output = await this.worker.call(
      { kind: 'forward', stage: this.key, seq, input: wire },
      stageOutputSchema,
      transfer
    )
    this.lengths.set(seq, length + input.tokens)
    return output
  }

  fullLogits(seq: SequenceId): Promise<Float32Array> {
    this.length(seq)
    return this.worker.call({ kind: 'full-logits', stage: this.key, seq }, fullLogitsSchema)
  }

  truncate(seq: SequenceId, length: number): void {
    this.lengths.set(seq, Math.min(this.length(seq), length))
    this.worker.notify({ kind: 'truncate', stage: this.key, seq, length })
  }

  fork(seq: SequenceId): SequenceId {
    const copy = this.nextSeq++
    this.lengths.set(copy, this.length(seq))
    this.worker.notify({ kind: 'fork', stage: this.key, from: seq, to: copy })
    return copy
  }

  cachedLength(seq: SequenceId): number {
    return this.length(seq)
  }

  closeSequence(seq: SequenceId): void {
    this.length(seq)
    this.lengths.delete(seq)
    this.worker.notify({ kind: 'close', stage: this.key, seq })
  }

  async dispose(): Promise<void> {
    if (this.disposed) return
    this.disposed = true
    this.lengths.clear()
    try {
      await this.worker.call({ kind: 'dispose-stage', stage: this.key }, z.null())
    } finally {
      await this.release()
    }
  }

  private length(seq: SequenceId): number {
    if (this.disposed) throw new RuntimeError('DISPOSED', 'the stage was disposed')
    const length = this.lengths.get(seq)
    if (length === undefined)
      throw new RuntimeError(
        'UNKNOWN_SEQUENCE',
        `stage ${this.spec.layers.join('-')} has no sequence ${seq}`
      )
    return length
  }
}
