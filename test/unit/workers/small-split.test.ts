// The `small` random model (hidden 1024, 8 heads of 128, the real vocabulary; two decoder
// layers here to keep SwiftShader's time in bounds) split webgpu | cpu through device workers:
// the greedy ids of two turns on one sequence (the second reusing the first's KV) are exactly
// those of the in-thread CPU run. Needs the built stage worker (out/main/stage-worker.js).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useSwiftShaderIfUnset } from '../../../main/inference/devices/webgpu-env'
import { ModelRunner, argmax } from '../../../main/inference/runtime/model-runner'
import { loadSplitRunner } from '../../../main/inference/runtime/split-runner'
import { makeTinyPackage, TURN_ONE, TURN_TWO, type TinyPackage } from './tiny-package'

async function greedyTurns(runner: ModelRunner): Promise<number[]> {
  const seq = runner.openSequence()
  const ids: number[] = []
  for (const turn of [TURN_ONE, TURN_TWO]) {
    let next = argmax(await runner.forward(seq, turn))
    for (let step = 0; step < 2; step++) {
      ids.push(next)
      next = argmax(await runner.forward(seq, [next]))
    }
    ids.push(next)
  }
  runner.closeSequence(seq)
  return ids
}

let pkg: TinyPackage
beforeAll(async () => {
  useSwiftShaderIfUnset()
  pkg = await makeTinyPackage(2, 11, 'small')
}, 1_200_000)
afterAll(async () => pkg?.remove())

describe('small model split webgpu | cpu', () => {
  it('gives the in-thread CPU run greedy ids across two turns', async () => {
    const cpuRunner = await ModelRunner.load(pkg.dir, { threads: 1 })
    const expected = await greedyTurns(cpuRunner).finally(() => cpuRunner.dispose())
    const split = await loadSplitRunner(
      pkg.dir,
      [
        { layers: [0, 1], device: { kind: 'webgpu', index: 0 }, isLast: false },
        { layers: [1, 2], device: { kind: 'cpu', index: 0 }, isLast: true }
      ],
      { threads: 1 }
    )
    try {
      expect(await greedyTurns(split)).toEqual(expected)
    } finally {
      await split.dispose()
    }
  }, 900_000)
})
