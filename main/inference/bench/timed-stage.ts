// A decoder stage that times its own forward calls, for benches that show where a split's time
// goes: each stage's wall time per step, as its caller (the host thread) waits for it.
import { performance } from 'node:perf_hooks'
import type { ModelPackage } from '../package/model-package'
import type { DecoderStage, SequenceId, StageInput, StageOutput, StageSpec } from '../runtime/stage'

export class TimedStage implements DecoderStage {
  /** Milliseconds of each forward since the last reset. */
  times: number[] = []

  constructor(private readonly inner: DecoderStage) {}

  get spec(): StageSpec {
    return this.inner.spec
  }

  async forward(seq: SequenceId, input: StageInput): Promise<StageOutput> {
    const started = performance.now()
    const output = await this.inner.forward(seq, input)
    this.times.push(performance.now() - started)
    return output
  }

  openSequence(): SequenceId {
    return this.inner.openSequence()
  }
  truncate(seq: SequenceId, length: number): void {
    this.inner.truncate(seq, length)
  }
  fork(seq: SequenceId): SequenceId {
    return this.inner.fork(seq)
  }
  cachedLength(seq: SequenceId): number {
    return this.inner.cachedLength(seq)
  }
  fullLogits(seq: SequenceId): Promise<Float32Array> {
    return this.inner.fullLogits(seq)
  }
  closeSequence(seq: SequenceId): void {
    this.inner.closeSequence(seq)
  }
  dispose(): Promise<void> {
    return this.inner.dispose()
  }
}

/** Wraps a stage opener so that every stage it opens is timed; `opened` lists them in order. */
export function timedOpener(open: (pkg: ModelPackage, spec: StageSpec) => Promise<DecoderStage>): {
  open: (pkg: ModelPackage, spec: StageSpec) => Promise<DecoderStage>
  opened: TimedStage[]
} {
  const opened: TimedStage[] = []
  return {
    opened,
    open: async (pkg, spec) => {
      const stage = new TimedStage(await open(pkg, spec))
      opened.push(stage)
      return stage
    }
  }
}
