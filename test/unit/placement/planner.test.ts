// The placement planner against hand-computed plans. The tiny sizes below make every byte
// count checkable on paper (see the comment above each expectation).
import { describe, expect, it } from 'vitest'
import { planPlacement } from '../../../main/inference/placement/planner'
import { PlacementError } from '../../../main/inference/placement/errors'
import type { DeviceBudget, ModelSizes } from '../../../main/inference/placement/types'
import { parseDevice } from '../../../main/inference/devices/device-ref'

// At context 2: layer KV = 2 x 2 tokens x 1 head x 1 dim x 1 B = 4; layer cost = 104.
// Stage work = 4 x (2 x (4 x 2 + 2 x 1) + 1 x 2 x 2) = 96. Head cost = 50 + 4 x 5 = 70.
// Vision cost = 200 + 10 = 210.
const sizes: ModelSizes = {
  layers: 4,
  layerWeightBytes: [100, 100, 100, 100],
  headBytes: 50,
  embedBytes: 30,
  visionBytes: 200,
  hidden: 2,
  heads: 1,
  headDim: 1,
  mlpWidth: 1,
  vocab: 5,
  seqLength: 8,
  kvElementBytes: 1,
  visionWorkBytes: 10
}

const budgets = (entries: Record<string, number>): DeviceBudget[] =>
  Object.entries(entries).map(([name, budgetBytes]) => ({ device: parseDevice(name), budgetBytes }))

function refusal(run: () => unknown): PlacementError {
  try {
    run()
  } catch (error) {
    if (error instanceof PlacementError) return error
    throw error
  }
  throw new Error('expected a PlacementError')
}

describe('auto placement (accelerate-style)', () => {
  it('puts everything on the CPU when it is the only device, counting the host embedding', () => {
    const plan = planPlacement(sizes, budgets({ cpu: 10_000 }), { context: 2 })
    expect(plan.mode).toBe('auto')
    expect(plan.stages).toEqual([{ device: 'cpu', layers: [0, 4], isLast: true }])
    expect(plan.vision).toBe('cpu')
    expect(plan.head).toBe('cpu')
    // weights 30 + 400 + 50 + 200, kv 4 x 4, work 96 + 20 (logits) + 10 (vision)
    expect(plan.devices).toEqual([
      {
        device: 'cpu',
        weightsBytes: 680,
        kvBytes: 16,
        workBytes: 126,
        totalBytes: 822,
        budgetBytes: 10_000
      }
    ])
  })

  it('caps every accelerator but the last at total/n + 1.25 x largest layer', () => {
    // total = 4 x 104 + 70 + 210 = 696; cap of cuda:0 = 348 + 130 = 478.
    // cuda:0 takes 96 + 3 x 104 = 408; layer 3 + head (174) would reach 582 > 478 -> cuda:1.
    const plan = planPlacement(sizes, budgets({ 'cuda:0': 1000, 'cuda:1': 1000, cpu: 10_000 }), {
      context: 2
    })
    expect(plan.stages).toEqual([
      { device: 'cuda:0', layers: [0, 3], isLast: false },
      { device: 'cuda:1', layers: [3, 4], isLast: true }
    ])
    // The vision tower goes to the first device with room left: cuda:0 (408 + 210 <= 1000).
    expect(plan.vision).toBe('cuda:0')
    expect(plan.head).toBe('cuda:1')
    const byDevice = Object.fromEntries(plan.devices.map((d) => [d.device, d]))
    expect(byDevice['cuda:0']).toMatchObject({
      weightsBytes: 500,
      kvBytes: 12,
      workBytes: 106,
      totalBytes: 618
    })
    expect(byDevice['cuda:1']).toMatchObject({
      weightsBytes: 150,
      kvBytes: 4,
      workBytes: 116,
      totalBytes: 270
    })
    expect(byDevice.cpu).toMatchObject({
      weightsBytes: 30,
      kvBytes: 0,
      workBytes: 0,
      totalBytes: 30
    })
  })

  it('fills a small GPU first and overflows to the CPU', () => {
    // One accelerator is not capped: webgpu fits 96 + 2 x 104 = 304 <= 350, a third layer not.
    const plan = planPlacement(sizes, budgets({ webgpu: 350, cpu: 10_000 }), { context: 2 })
    expect(plan.stages).toEqual([
      { device: 'webgpu', layers: [0, 2], isLast: false },
      { device: 'cpu', layers: [2, 4], isLast: true }
    ])
    expect(plan.vision).toBe('cpu')
  })

  it('sizes the KV cache for the model context unless --context is given', () => {
    const plan = planPlacement(sizes, budgets({ cpu: 10_000 }))
    expect(plan.context).toBe(8)
    // KV at context 8: 4 layers x 2 x 8 = 64
    expect(plan.devices[0].kvBytes).toBe(64)
  })

  it('says which device runs short and by how much', () => {
    // cpu room for layers = 500 - 30 (embedding) = 470: 96 + 3 x 104 = 408, then 174 more.
    // needed = 30 + 408 + 174 = 612 against 500: short by 112 bytes.
    const error = refusal(() => planPlacement(sizes, budgets({ cpu: 500 }), { context: 2 }))
    expect(error.code).toBe('DOES_NOT_FIT')
    expect(error.shortfall).toEqual({ device: 'cpu', neededBytes: 612, budgetBytes: 500 })
    expect(error.message).toContain('cpu runs short by 112 B')
  })

  it('reserves a pinned vision tower before filling layers', () => {
    // webgpu room = 560 - 210 = 350 -> two layers as above; vision stays on webgpu.
    const plan = planPlacement(sizes, budgets({ webgpu: 560, cpu: 10_000 }), {
      context: 2,
      vision: 'webgpu'
    })
    expect(plan.stages.map((s) => [s.device, ...s.layers])).toEqual([
      ['webgpu', 0, 2],
      ['cpu', 2, 4]
    ])
    expect(plan.vision).toBe('webgpu')
  })
})

describe('ratio split (llama.cpp --tensor-split)', () => {
  it('gives layer i to the first device whose cumulative share exceeds i/n', () => {
    // 3,1: i/4 < 0.75 for i = 0, 1, 2.
    const plan = planPlacement(sizes, budgets({ 'cuda:0': 10_000, cpu: 10_000 }), {
      context: 2,
      devices: ['cuda:0', 'cpu'],
      split: [3, 1]
    })
    expect(plan.mode).toBe('split')
    expect(plan.stages).toEqual([
      { device: 'cuda:0', layers: [0, 3], isLast: false },
      { device: 'cpu', layers: [3, 4], isLast: true }
    ])
  })

  it('splits 1,1,1 over four layers as 2,1,1', () => {
    // i/4 < 1/3 for i = 0, 1; 2/4 < 2/3; 3/4 < 1.
    const plan = planPlacement(sizes, budgets({ 'cuda:0': 1e4, 'cuda:1': 1e4, cpu: 1e4 }), {
      context: 2,
      devices: ['cuda:0', 'cuda:1', 'cpu'],
      split: [1, 1, 1]
    })
    expect(plan.stages.map((s) => s.layers)).toEqual([
      [0, 2],
      [2, 3],
      [3, 4]
    ])
  })

  it('refuses a split that overfills a device', () => {
    // cuda:0 gets 3 layers: 96 + 3 x 104 = 408 against 250 -> short by 158.
    const error = refusal(() =>
      planPlacement(sizes, budgets({ 'cuda:0': 250, cpu: 10_000 }), {
        context: 2,
        devices: ['cuda:0', 'cpu'],
        split: [3, 1]
      })
    )
    expect(error.shortfall).toEqual({ device: 'cuda:0', neededBytes: 408, budgetBytes: 250 })
  })

  it('refuses ratios that do not match the devices', () => {
    const error = refusal(() => planPlacement(sizes, budgets({ cpu: 1e4 }), { split: [1, 1] }))
    expect(error.code).toBe('BAD_REQUEST')
  })
})

describe('gpu layers (llama.cpp -ngl)', () => {
  it('offloads the last N layers and keeps the first ones on the CPU', () => {
    const plan = planPlacement(sizes, budgets({ webgpu: 1e4, cpu: 1e4 }), {
      context: 2,
      gpuLayers: 1
    })
    expect(plan.stages).toEqual([
      { device: 'cpu', layers: [0, 3], isLast: false },
      { device: 'webgpu', layers: [3, 4], isLast: true }
    ])
    expect(plan.head).toBe('webgpu')
  })

  it('divides offloaded layers between GPUs by free memory', () => {
    // shares 3000 : 1000 -> j/3 < 0.75 for j = 0, 1, 2: all three on cuda:0.
    const plan = planPlacement(sizes, budgets({ 'cuda:0': 3000, 'cuda:1': 1000, cpu: 1e4 }), {
      context: 2,
      gpuLayers: 3
    })
    expect(plan.stages.map((s) => [s.device, ...s.layers])).toEqual([
      ['cpu', 0, 1],
      ['cuda:0', 1, 4]
    ])
  })

  it('clamps N above the layer count and needs a GPU for N > 0', () => {
    const all = planPlacement(sizes, budgets({ webgpu: 1e4, cpu: 1e4 }), {
      context: 2,
      gpuLayers: 99
    })
    expect(all.stages).toEqual([{ device: 'webgpu', layers: [0, 4], isLast: true }])
    expect(refusal(() => planPlacement(sizes, budgets({ cpu: 1e4 }), { gpuLayers: 2 })).code).toBe(
      'BAD_REQUEST'
    )
  })
})

describe('explicit map', () => {
  const map = {
    stages: [
      { layers: [0, 1] as [number, number], device: 'cpu' },
      { layers: [1, 3] as [number, number], device: 'webgpu' },
      { layers: [3, 4] as [number, number], device: 'cpu' }
    ],
    vision: 'webgpu'
  }

  it('keeps the given stages, even several on one device', () => {
    const plan = planPlacement(sizes, budgets({ webgpu: 1e4, cpu: 1e4 }), { context: 2, map })
    expect(plan.mode).toBe('map')
    expect(plan.stages.map((s) => [s.device, ...s.layers, s.isLast])).toEqual([
      ['cpu', 0, 1, false],
      ['webgpu', 1, 3, false],
      ['cpu', 3, 4, true]
    ])
    expect(plan.vision).toBe('webgpu')
    // cpu: weights 30 + 200 + 50, kv 8, work 96 (once per device) + 20 logits
    const cpu = plan.devices.find((d) => d.device === 'cpu')
    expect(cpu).toMatchObject({ weightsBytes: 280, kvBytes: 8, workBytes: 116 })
  })

  it('refuses gaps, a head away from the last stage, and mixing with --split', () => {
    const gap = {
      stages: [
        { layers: [0, 2] as [number, number], device: 'cpu' },
        { layers: [3, 4] as [number, number], device: 'cpu' }
      ]
    }
    expect(refusal(() => planPlacement(sizes, budgets({ cpu: 1e4 }), { map: gap })).code).toBe(
      'BAD_MAP'
    )
    const head = { ...map, head: 'webgpu' }
    expect(
      refusal(() => planPlacement(sizes, budgets({ webgpu: 1e4, cpu: 1e4 }), { map: head })).code
    ).toBe('BAD_MAP')
    expect(
      refusal(() => planPlacement(sizes, budgets({ webgpu: 1e4, cpu: 1e4 }), { map, split: [1] }))
        .code
    ).toBe('BAD_REQUEST')
  })

  it('refuses devices that are not available', () => {
    const error = refusal(() =>
      planPlacement(sizes, budgets({ cpu: 1e4 }), { devices: ['cuda:1', 'cpu'] })
    )
    expect(error.code).toBe('UNKNOWN_DEVICE')
    expect(error.message).toContain('cuda:1')
  })
})

describe('one WebGPU adapter listed twice (two stage processes)', () => {
  it('gives each listing its own stage and each stage its own working buffers', () => {
    const plan = planPlacement(
      sizes,
      budgets({ webgpu: 10_000, 'webgpu:1': 10_000, cpu: 10_000 }),
      {
        devices: ['webgpu', 'webgpu', 'webgpu:1'],
        split: [1, 1, 2],
        context: 2,
        vision: 'cpu'
      }
    )
    expect(plan.stages).toEqual([
      { device: 'webgpu', layers: [0, 1], isLast: false },
      { device: 'webgpu', layers: [1, 2], isLast: false },
      { device: 'webgpu:1', layers: [2, 4], isLast: true }
    ])
    // One row per adapter. webgpu: weights 2 x 100, KV 2 x 4 (context 2), work 2 x 96 (two
    // processes); webgpu:1: weights 200 + head 50, KV 8, work 96 + head work 20.
    const rows = Object.fromEntries(plan.devices.map((row) => [row.device, row]))
    expect(Object.keys(rows).sort()).toEqual(['cpu', 'webgpu', 'webgpu:1'])
    expect(rows.webgpu).toMatchObject({ weightsBytes: 200, kvBytes: 8, workBytes: 192 })
    expect(rows['webgpu:1']).toMatchObject({ weightsBytes: 250, kvBytes: 8, workBytes: 116 })
  })

  it('refuses a repeat without --split, and any repeat of the CPU', () => {
    const known = budgets({ webgpu: 10_000, cpu: 10_000 })
    expect(
      refusal(() => planPlacement(sizes, known, { devices: ['webgpu', 'webgpu'] })).message
    ).toBe('device webgpu is listed twice: one device runs several stages only with --split')
    expect(
      refusal(() =>
        planPlacement(sizes, known, { devices: ['cpu', 'webgpu', 'cpu'], split: [1, 1, 1] })
      ).message
    ).toBe('device cpu is listed twice')
  })

  it('refuses an adapter that does not exist, naming it', () => {
    const known = budgets({ webgpu: 10_000, cpu: 10_000 })
    expect(
      refusal(() => planPlacement(sizes, known, { devices: ['webgpu:3', 'cpu'] })).message
    ).toBe('device webgpu:3 is not available here (available: webgpu, cpu)')
  })
})
