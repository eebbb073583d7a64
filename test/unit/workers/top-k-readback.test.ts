// Greedy decoding that reads back only the top-K scores per step gives exactly the ids of
// greedy decoding over the full logits (the decode loop with a policy that cannot choose from
// the K), with repetition penalty 1.0 and 1.1, across two turns on one sequence (the second
// reusing the first's KV): on the tiny and small random models on the CPU in this thread, and
// split over a CPU worker thread and a WebGPU stage process (SwiftShader here, the device's own
// selection forced on) whose gqa stage selects the K on the device. With penalty 1.0 no step
// fetches the full logits. Needs the built stage worker (out/main/stage-worker.js).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_GENERATION_OPTIONS } from '../../../main/inference/engine-api'
import { StageChain } from '../../../main/inference/engine/stage-sequence'
import { decodeSequence, readbackFor } from '../../../main/inference/generation/decode-loop'
import {
  createTokenPolicy,
  type TokenPolicy
} from '../../../main/inference/generation/token-policy'
import { useSwiftShaderIfUnset } from '../../../main/inference/devices/webgpu-env'
import { ModelRunner } from '../../../main/inference/runtime/model-runner'
import { ntkAlpha } from '../../../main/inference/runtime/position-inputs'
import { loadSplitRunner } from '../../../main/inference/runtime/split-runner'
import type { StageSpec } from '../../../main/inference/runtime/stage'
import { webgpuUnavailable } from '../../helpers/webgpu'
import { makeTinyPackage, TURN_ONE, TURN_TWO, type TinyPackage } from './tiny-package'

const unavailable = await webgpuUnavailable()
if (unavailable) console.warn(`WebGPU top-K cases skipped: no WebGPU adapter (${unavailable})`)

/** Greedy ids of two turns on one sequence, and how the last stage answered. */
async function greedyTurns(
  runner: ModelRunner,
  policy: TokenPolicy,
  steps: number
): Promise<{ ids: number[]; readbacks: StageChain['readbacks'] }> {
  const { llm } = runner.manifest.arch
  const chain = StageChain.of(runner)
  const sequence = chain.open(ntkAlpha(TURN_ONE.length, llm.seqLength, llm.useDynamicNtk))
  const ids: number[] = []
  try {
    for (const turn of [TURN_ONE, TURN_TWO]) {
      const first = await sequence.extendWith({ ids: turn }, readbackFor(policy))
      const out = await decodeSequence({
        sequence,
        first,
        maxNewTokens: steps,
        stopIds: new Set(),
        policy
      })
      ids.push(...out.ids)
      // The last id was chosen but not run: run it so the next turn follows it.
      await sequence.extend({ ids: [out.ids[out.ids.length - 1]] })
    }
  } finally {
    sequence.close()
  }
  return { ids, readbacks: chain.readbacks }
}

/** The greedy policy, and the same processors without choosing from the K: full logits only. */
function policies(repetitionPenalty: number): { topK: TokenPolicy; full: TokenPolicy } {
  const topK = createTokenPolicy({ ...DEFAULT_GENERATION_OPTIONS, repetitionPenalty })
  return { topK, full: { process: topK.process, choose: topK.choose } }
}

/** `steps` tokens per turn. */
async function expectSameGreedy(
  runner: ModelRunner,
  repetitionPenalty: number,
  steps: number
): Promise<void> {
  const { topK, full } = policies(repetitionPenalty)
  const expected = await greedyTurns(runner, full, steps)
  expect(expected.readbacks.topK).toBe(0)
  const got = await greedyTurns(runner, topK, steps)
  expect(got.ids).toEqual(expected.ids)
  // Two prefills and 2 * (steps - 1) decode steps read back the K; the extra runs of each
  // turn's last id read back full logits (extend).
  expect(got.readbacks.topK).toBe(2 * steps)
  if (repetitionPenalty === 1) expect(got.readbacks.fallbacks).toBe(0)
  console.log(
    `penalty ${repetitionPenalty}: ${got.readbacks.topK} top-K steps, ${got.readbacks.fallbacks} full-logit fetches after one`
  )
}

const cpu = { kind: 'cpu', index: 0 } as const
const webgpu = { kind: 'webgpu', index: 0 } as const

// SwiftShader runs the small model's 151,851 x 1024 head slowly: one penalty, fewer steps there.
describe.each([
  { preset: 'tiny' as const, layers: 3, seed: 7, gpuPenalties: [1, 1.1], gpuSteps: 6 },
  { preset: 'small' as const, layers: 2, seed: 11, gpuPenalties: [1.1], gpuSteps: 3 }
])('top-K greedy on the $preset model', ({ preset, layers, seed, gpuPenalties, gpuSteps }) => {
  let pkg: TinyPackage
  beforeAll(async () => {
    useSwiftShaderIfUnset()
    pkg = await makeTinyPackage(layers, seed, preset)
  }, 1_200_000)
  afterAll(async () => pkg?.remove())

  it.each([1, 1.1])(
    'CPU in this thread, penalty %s',
    async (penalty) => {
      const runner = await ModelRunner.load(pkg.dir, { threads: 1 })
      try {
        await expectSameGreedy(runner, penalty, 6)
      } finally {
        await runner.dispose()
      }
    },
    600_000
  )

  it.skipIf(unavailable !== undefined)(
    'CPU worker | WebGPU stage process selecting on the device',
    async () => {
      const specs: StageSpec[] = [
        { layers: [0, layers - 1], device: cpu, isLast: false },
        { layers: [layers - 1, layers], device: webgpu, isLast: true }
      ]
      const split = await loadSplitRunner(pkg.dir, specs, { threads: 1, deviceTopK: true })
      try {
        for (const penalty of gpuPenalties) await expectSameGreedy(split, penalty, gpuSteps)
      } finally {
        await split.dispose()
      }
    },
    1_800_000
  )
})
