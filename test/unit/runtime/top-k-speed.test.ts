// Opt-in measurement (MPP_PERF=1; minutes): greedy decode steps per second on WebGPU with the
// tiny model (its head has the real 151,851-row vocabulary) when each step reads back the full
// logits and chooses over them, against reading back the top-K (selected on the device, or
// downloaded and selected in the stage's own process). Steps of every mode are interleaved so
// machine load hits all alike; medians are compared. Prints ratios; asserts nothing about speed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_GENERATION_OPTIONS } from '../../../main/inference/engine-api'
import { StageChain } from '../../../main/inference/engine/stage-sequence'
import { useSwiftShaderIfUnset } from '../../../main/inference/devices/webgpu-env'
import { chooseNext } from '../../../main/inference/generation/decode-loop'
import type { KvSequence, Readback } from '../../../main/inference/generation/kv-sequence'
import { createTokenPolicy } from '../../../main/inference/generation/token-policy'
import { ModelRunner } from '../../../main/inference/runtime/model-runner'
import { loadSplitRunner } from '../../../main/inference/runtime/split-runner'
import { makeTinyPackage, TURN_ONE, type TinyPackage } from '../workers/tiny-package'

const enabled = process.env.MPP_PERF === '1'
const ROUNDS = 12
const webgpu = { kind: 'webgpu', index: 0 } as const
const policy = createTokenPolicy({ ...DEFAULT_GENERATION_OPTIONS, repetitionPenalty: 1.1 })

interface Mode {
  name: string
  sequence: KvSequence
  readback: Readback
  generated: number[]
  times: number[]
}

async function openMode(runner: ModelRunner, name: string, readback: Readback): Promise<Mode> {
  const chain = StageChain.of(runner)
  const sequence = chain.open(1)
  const first = await sequence.extendWith({ ids: TURN_ONE }, readback)
  const generated = [await chooseNext(policy, first, [])]
  return { name, sequence, readback, generated, times: [] }
}

async function step(mode: Mode): Promise<void> {
  const started = performance.now()
  const scores = await mode.sequence.extendWith(
    { ids: [mode.generated.at(-1) ?? 0] },
    mode.readback
  )
  const next = await chooseNext(
    mode.readback === 'full' ? { process: policy.process, choose: policy.choose } : policy,
    scores,
    mode.generated
  )
  mode.times.push(performance.now() - started)
  mode.generated.push(next)
}

const median = (v: readonly number[]): number => [...v].sort((a, b) => a - b)[v.length >> 1]

async function compare(modes: Mode[]): Promise<void> {
  for (let round = 0; round < ROUNDS; round++) for (const mode of modes) await step(mode)
  const base = median(modes[0].times.slice(1))
  for (const mode of modes) {
    const ms = median(mode.times.slice(1))
    console.log(
      `${mode.name}: ${ms.toFixed(1)} ms/token, ${(1000 / ms).toFixed(1)} tok/s, speed ×${(base / ms).toFixed(2)} of ${modes[0].name}`
    )
  }
  for (const mode of modes) expect(mode.generated).toEqual(modes[0].generated)
}

describe.skipIf(!enabled)('top-K readback speed (WebGPU, tiny model)', () => {
  let pkg: TinyPackage
  beforeAll(async () => {
    useSwiftShaderIfUnset()
    pkg = await makeTinyPackage(3)
  }, 600_000)
  afterAll(async () => pkg?.remove())

  it('in this thread: full logits vs top-K on the device vs top-K selected after download', async () => {
    const stages = [{ layers: [0, 3] as [number, number], device: webgpu, isLast: true }]
    const device = await ModelRunner.load(pkg.dir, { stages, deviceTopK: true })
    const host = await ModelRunner.load(pkg.dir, { stages, deviceTopK: false })
    try {
      await compare([
        await openMode(device, 'full logits', 'full'),
        await openMode(device, 'top-K on the device', 'top-k'),
        await openMode(host, 'top-K after download', 'top-k')
      ])
    } finally {
      await device.dispose()
      await host.dispose()
    }
  }, 1_800_000)

  it('in a stage process: full logits vs top-K selected in the process', async () => {
    const stages = [{ layers: [0, 3] as [number, number], device: webgpu, isLast: true }]
    const split = await loadSplitRunner(pkg.dir, stages, { deviceTopK: false })
    try {
      await compare([
        await openMode(split, 'full logits', 'full'),
        await openMode(split, 'top-K', 'top-k')
      ])
    } finally {
      await split.dispose()
    }
  }, 1_800_000)
})
