// One conversation through the tiny model, in this thread on one CPU stage (the packages
// helper's runner) and through device workers split into 1-4 stages over the CPU and WebGPU
// (SwiftShader): greedy ids must match exactly and logits within float32 tolerance.
// Needs the built stage worker (out/main/stage-worker.js; `npm test` builds first).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useSwiftShaderIfUnset } from '../../../main/inference/devices/webgpu-env'
import type { ModelRunner } from '../../../main/inference/runtime/model-runner'
import { argmax } from '../../../main/inference/runtime/model-runner'
import {
  loadSplitRunner,
  type StageLoadProgress
} from '../../../main/inference/runtime/split-runner'
import type { StageSpec } from '../../../main/inference/runtime/stage'
import { makeTinyPackage, TURN_ONE, type TinyPackage } from './tiny-package'
import {
  converse,
  cpu,
  gpu,
  spec,
  expectSameTranscript,
  maxDifference,
  singleStageTranscript,
  type Transcript
} from './transcript'

// The head (lm_head over the full vocabulary) stays on the CPU: SwiftShader needs seconds per
// step for it, while the decoder layers alone take milliseconds.
const SPLITS: Record<string, StageSpec[]> = {
  'one CPU stage in a worker': [spec(0, 4, cpu)],
  'webgpu | cpu': [spec(0, 2, gpu), spec(2, 4, cpu)],
  'cpu | webgpu | cpu': [spec(0, 1, cpu), spec(1, 3, gpu), spec(3, 4, cpu)],
  'webgpu | cpu | webgpu | cpu': [
    spec(0, 1, gpu),
    spec(1, 2, cpu),
    spec(2, 3, gpu),
    spec(3, 4, cpu)
  ]
}

let pkg: TinyPackage
let baseline: Transcript

beforeAll(async () => {
  useSwiftShaderIfUnset()
  pkg = await makeTinyPackage(4)
  baseline = await singleStageTranscript(pkg.dir)
}, 180_000)
afterAll(async () => pkg?.remove())

describe('split runner over device workers', () => {
  for (const [name, specs] of Object.entries(SPLITS)) {
    if (name === 'webgpu | cpu') continue
    it(`matches the in-thread run: ${name}`, async () => {
      const progress: StageLoadProgress[] = []
      const runner = await loadSplitRunner(pkg.dir, specs, {
        threads: 1,
        onProgress: (p) => progress.push(p)
      })
      try {
        expectSameTranscript(await converse(runner), baseline)
      } finally {
        await runner.dispose()
      }
      expectLoadReported(specs, progress)
    }, 120_000)
  }
})

function expectLoadReported(
  specs: readonly StageSpec[],
  progress: readonly StageLoadProgress[]
): void {
  // Every stage reported its own device and finished its load.
  specs.forEach((s, i) => {
    const last = progress.filter((p) => p.stage === i).at(-1)
    expect(last).toMatchObject({ device: s.device.kind, done: last?.total, stages: specs.length })
  })
}

describe('one runner split webgpu | cpu', () => {
  const specs = SPLITS['webgpu | cpu']
  const progress: StageLoadProgress[] = []
  let runner: ModelRunner
  beforeAll(async () => {
    runner = await loadSplitRunner(pkg.dir, specs, {
      threads: 1,
      onProgress: (p) => progress.push(p)
    })
  }, 120_000)
  afterAll(async () => runner?.dispose())

  it('matches the in-thread run and reports load progress per device', async () => {
    expectSameTranscript(await converse(runner), baseline)
    expectLoadReported(specs, progress)
  }, 120_000)

  it('runs two conversations at once without mixing them', async () => {
    const [first, second] = await Promise.all([converse(runner), converse(runner)])
    expectSameTranscript(first, baseline)
    expectSameTranscript(second, baseline)
  }, 120_000)

  it('forks and truncates sequences held in workers', async () => {
    const seq = runner.openSequence()
    const prefill = await runner.forward(seq, TURN_ONE)
    const next = argmax(prefill)
    expect(next).toBe(baseline.ids[0])
    const forked = { ...seq, ids: runner.stages.map((stage, i) => stage.fork(seq.ids[i])) }
    runner.stages.forEach((stage, i) =>
      expect(stage.cachedLength(forked.ids[i])).toBe(TURN_ONE.length)
    )
    const onFork = await runner.forward(forked, [next])
    const onOriginal = await runner.forward(seq, [next])
    expect(maxDifference(onFork, baseline.logits[1])).toBeLessThan(2e-4)
    expect(maxDifference(onOriginal, baseline.logits[1])).toBeLessThan(2e-4)
    // Drop the decoded position everywhere and decode it again: same logits.
    runner.stages.forEach((stage, i) => stage.truncate(seq.ids[i], TURN_ONE.length))
    seq.length = TURN_ONE.length
    runner.stages.forEach((stage, i) =>
      expect(stage.cachedLength(seq.ids[i])).toBe(TURN_ONE.length)
    )
    expect(maxDifference(await runner.forward(seq, [next]), baseline.logits[1])).toBeLessThan(2e-4)
    runner.closeSequence(seq)
    runner.closeSequence(forked)
  }, 120_000)
})

describe('greedy decoding with the last stage on WebGPU', () => {
  it('reads back only the device argmax and gives the in-thread ids', async () => {
    const runner = await loadSplitRunner(pkg.dir, [spec(0, 3, cpu), spec(3, 4, gpu)], {
      threads: 1
    })
    try {
      const ids = await runner.greedy(TURN_ONE, { maxNewTokens: 3, stopIds: [] })
      expect(ids).toEqual(baseline.ids.slice(0, 3))
      const seq = runner.openSequence()
      expect(await runner.forwardGreedy(seq, TURN_ONE)).toBe(baseline.ids[0])
      runner.closeSequence(seq)
    } finally {
      await runner.dispose()
    }
  }, 300_000)
})
