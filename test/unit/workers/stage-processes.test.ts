// WebGPU stages in child processes of their own, one per stage, over SwiftShader adapters: a
// 2-process and a 3-process split must give the greedy ids (and logits within float32 tolerance)
// of the in-thread single CPU stage; each stage really is its own OS process (seen with ps); a
// stage process killed mid-step is restarted and replayed to the same answer; a stage on an
// adapter that does not exist is refused, naming it. Needs the built out/main/stage-process.js.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useSwiftShaderIfUnset } from '../../../main/inference/devices/webgpu-env'
import { loadSplitRunner } from '../../../main/inference/runtime/split-runner'
import { childrenRunning } from '../../helpers/child-processes'
import { makeTinyPackage, type TinyPackage } from './tiny-package'
import {
  converse,
  cpu,
  gpu,
  spec,
  expectSameTranscript,
  singleStageTranscript,
  type Transcript
} from './transcript'

// The head stays on the CPU: SwiftShader needs seconds per step for the full-vocabulary lm_head.
const TWO_PROCESSES = [spec(0, 1, gpu), spec(1, 3, gpu), spec(3, 4, cpu)]
const THREE_PROCESSES = [spec(0, 1, gpu), spec(1, 2, gpu), spec(2, 3, gpu), spec(3, 4, cpu)]

let pkg: TinyPackage
let baseline: Transcript

beforeAll(async () => {
  useSwiftShaderIfUnset()
  pkg = await makeTinyPackage(4)
  baseline = await singleStageTranscript(pkg.dir)
}, 180_000)
afterAll(async () => pkg?.remove())

describe('WebGPU stages in processes of their own', () => {
  for (const [name, specs, processes] of [
    ['two', TWO_PROCESSES, 2],
    ['three', THREE_PROCESSES, 3]
  ] as const) {
    it(`matches the single stage over ${name} stage processes on one adapter`, async () => {
      const runner = await loadSplitRunner(pkg.dir, specs, { threads: 1 })
      try {
        expect(childrenRunning(process.pid, 'stage-process.js')).toHaveLength(processes)
        expectSameTranscript(await converse(runner), baseline)
      } finally {
        await runner.dispose()
      }
      expect(childrenRunning(process.pid, 'stage-process.js')).toHaveLength(0)
    }, 180_000)
  }

  it('restarts a stage process killed mid-answer and finishes with the same answer', async () => {
    const restarts: string[] = []
    const runner = await loadSplitRunner(pkg.dir, TWO_PROCESSES, {
      threads: 1,
      onStageRestart: (reason) => restarts.push(reason)
    })
    try {
      const [first, second] = childrenRunning(process.pid, 'stage-process.js')
      const transcript = await converse(runner, (step) => {
        // Step 4 is in the second turn: the replay must rebuild both turns' KV.
        if (step === 4) process.kill(second, 'SIGKILL')
      })
      expectSameTranscript(transcript, baseline)
      expect(restarts).toHaveLength(1)
      expect(restarts[0]).toMatch(/stage process for webgpu exited \(signal SIGKILL\)/)
      const now = childrenRunning(process.pid, 'stage-process.js')
      expect(now).toHaveLength(2)
      expect(now).toContain(first)
      expect(now).not.toContain(second)
    } finally {
      await runner.dispose()
    }
  }, 180_000)

  it('refuses a stage on an adapter that does not exist, naming it', async () => {
    await expect(
      loadSplitRunner(pkg.dir, [spec(0, 2, { kind: 'webgpu', index: 3 }), spec(2, 4, cpu)], {
        threads: 1
      })
    ).rejects.toThrow(
      /stage process for webgpu:3 cannot start: WebGPU adapter webgpu:3 does not exist \(1 found: SwiftShader/
    )
    expect(childrenRunning(process.pid, 'stage-process.js')).toHaveLength(0)
  }, 60_000)
})
