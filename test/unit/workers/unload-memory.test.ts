// Loading a split puts the sessions' memory into this process (workers are threads of it);
// unloading releases the sessions and ends the workers, and RSS returns near its level before
// loading. Vitest runs each test file in its own forked process, which isolates the measure.
// Needs the built stage worker (out/main/stage-worker.js).
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { loadSplitRunner } from '../../../main/inference/runtime/split-runner'
import { makeTinyPackage, TURN_ONE, type TinyPackage } from './tiny-package'

const cpu = { kind: 'cpu', index: 0 } as const
let tiny: TinyPackage

beforeAll(async () => {
  tiny = await makeTinyPackage(2, 13)
}, 120_000)
afterAll(async () => tiny?.remove())

it('returns RSS near its level before loading after unload', async () => {
  const rss = (): number => process.memoryUsage().rss
  // One load first, so code, the ONNX Runtime library and allocator pools are mapped.
  const warm = await loadSplitRunner(tiny.dir, [{ layers: [0, 2], device: cpu, isLast: true }], {
    threads: 1
  })
  await warm.dispose()
  await sleep(200)
  const before = rss()
  const runner = await loadSplitRunner(
    tiny.dir,
    [
      { layers: [0, 1], device: cpu, isLast: false },
      { layers: [1, 2], device: cpu, isLast: true }
    ],
    { threads: 1, workerKey: (_spec, index) => `cpu#${index}` }
  )
  const seq = runner.openSequence()
  await runner.forward(seq, TURN_ONE)
  const loaded = rss()
  await runner.dispose()
  await sleep(200)
  const after = rss()
  const grown = loaded - before
  console.log(
    `rss before ${before >> 20} MiB, loaded ${loaded >> 20} MiB, after unload ${after >> 20} MiB`
  )
  // The two sessions hold the head (64 x 151851 floats, 39 MB) and the layers at least.
  expect(grown).toBeGreaterThan(30 * 2 ** 20)
  expect(after - before).toBeLessThan(0.25 * grown)
}, 120_000)
