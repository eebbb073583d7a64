// The WebGPU decoder stages (the gqa one, and the older devicekv one kept as its fallback) on
// SwiftShader where there is no GPU (fp32) against the hostkv CPU stage on the tiny model:
// prefill, decode, truncation, fork and KV growth past one capacity step give the same hidden
// states, also past the model's seq_length where the dynamic NTK base and logn apply; the last
// gqa stage's device argmax is the CPU logits' argmax; every kernel runs on the WebGPU EP and a
// decode step's kernel count does not depend on the context. Skipped, with the reason printed,
// when no adapter exists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { relError, webgpuUnavailable } from '../../helpers/webgpu'
import { ModelPackage } from '../../../main/inference/package/model-package'
import { EmbeddingTable } from '../../../main/inference/runtime/embeddings'
import { countDecodeDispatches } from '../../../main/inference/runtime/gpu-dispatch-count'
import { GQA_KV_GROWTH, GqaStage } from '../../../main/inference/runtime/gqa-stage'
import { READBACK_TOP_K } from '../../../main/inference/generation/top-logits'
import { argmax } from '../../../main/inference/runtime/model-runner'
import { ntkAlpha, stepPositions } from '../../../main/inference/runtime/position-inputs'
import { createStage } from '../../../main/inference/runtime/create-stage'
import type {
  DecoderStage,
  LogitsReadback,
  SequenceId,
  StageOutput
} from '../../../main/inference/runtime/stage'
import { makeTinyPackage, TURN_ONE, type TinyPackage } from '../workers/tiny-package'

const unavailable = await webgpuUnavailable()
if (unavailable) console.warn(`gqa stage tests skipped: no WebGPU adapter (${unavailable})`)

const cpuDevice = { kind: 'cpu', index: 0 } as const
const gpuDevice = { kind: 'webgpu', index: 0 } as const
let tiny: TinyPackage
let pkg: ModelPackage
let table: EmbeddingTable

async function step(
  stage: DecoderStage,
  seq: SequenceId,
  ids: readonly number[],
  alpha = 1,
  logits: LogitsReadback = 'full'
): Promise<StageOutput> {
  const start = stage.cachedLength(seq)
  return stage.forward(seq, {
    hidden: table.gather(ids),
    tokens: ids.length,
    logits,
    ...stepPositions(pkg.manifest.arch.llm, start, ids.length, alpha)
  })
}

const hidden = (out: StageOutput): Float32Array => out.hidden as Float32Array

beforeAll(async () => {
  if (unavailable) return
  tiny = await makeTinyPackage(3)
  pkg = await ModelPackage.open(tiny.dir)
  const e = pkg.manifest.embedding
  table = new EmbeddingTable(pkg.path(e.file), e.rows, e.width, e.dtype)
}, 180_000)

afterAll(async () => {
  table?.close()
  await tiny?.remove()
})

// The default WebGPU stage, and the older devicekv one that stays as the fallback.
describe.skipIf(unavailable !== undefined).each([
  { variant: undefined, name: 'default (gqa)' },
  { variant: 'devicekv' as const, name: 'devicekv' }
])('WebGPU stage: $name', ({ variant }) => {
  let cpu: DecoderStage
  let gpu: DecoderStage
  beforeAll(async () => {
    cpu = await createStage(
      pkg,
      { layers: [0, 2], device: cpuDevice, isLast: false },
      { threads: 1 }
    )
    gpu = await createStage(
      pkg,
      { layers: [0, 2], device: gpuDevice, isLast: false },
      { webgpuVariant: variant }
    )
  }, 180_000)
  afterAll(async () => {
    await cpu?.dispose()
    await gpu?.dispose()
  })

  it.runIf(variant === undefined)('is the gqa graph in fp32 without shader-f16', () => {
    expect(gpu).toBeInstanceOf(GqaStage)
    expect((gpu as GqaStage).variant).toBe('gqa')
  })

  it('prefill and decode hidden states match the CPU stage', async () => {
    const c = cpu.openSequence()
    const g = gpu.openSequence()
    expect(
      relError(hidden(await step(gpu, g, TURN_ONE)), hidden(await step(cpu, c, TURN_ONE)))
    ).toBeLessThan(1e-5)
    for (const id of [198, 151644, 77091]) {
      expect(
        relError(hidden(await step(gpu, g, [id])), hidden(await step(cpu, c, [id])))
      ).toBeLessThan(1e-5)
    }
    expect(gpu.cachedLength(g)).toBe(TURN_ONE.length + 3)
    cpu.closeSequence(c)
    gpu.closeSequence(g)
  }, 180_000)

  it('truncate and fork keep the device cache consistent', async () => {
    const c = cpu.openSequence()
    const g = gpu.openSequence()
    const prompt = TURN_ONE.slice(0, 8)
    await step(cpu, c, prompt)
    await step(gpu, g, prompt)
    const forked = gpu.fork(g)
    gpu.truncate(g, 5)
    cpu.truncate(c, 5)
    expect(gpu.cachedLength(g)).toBe(5)
    const edited = [77091, 198]
    expect(
      relError(hidden(await step(gpu, g, edited)), hidden(await step(cpu, c, edited)))
    ).toBeLessThan(1e-5)
    // The fork still holds all 8 positions, untouched by the truncated sequence's new tokens.
    expect(gpu.cachedLength(forked)).toBe(8)
    const c2 = cpu.openSequence()
    await step(cpu, c2, prompt)
    expect(
      relError(hidden(await step(gpu, forked, [77091])), hidden(await step(cpu, c2, [77091])))
    ).toBeLessThan(1e-5)
    for (const s of [g, forked]) gpu.closeSequence(s)
    for (const s of [c, c2]) cpu.closeSequence(s)
  }, 180_000)

  it('grows the KV capacity past one step, with NTK alpha and logn past seq_length', async () => {
    const { seqLength } = pkg.manifest.arch.llm
    const length = GQA_KV_GROWTH + 20
    expect(length).toBeGreaterThan(seqLength)
    const prompt = Array.from({ length }, (_, i) => TURN_ONE[i % TURN_ONE.length])
    const alpha = ntkAlpha(length, seqLength, pkg.manifest.arch.llm.useDynamicNtk)
    expect(alpha).toBeGreaterThan(1)
    const c = cpu.openSequence()
    const g = gpu.openSequence()
    // Two chunks: the second one crosses the first capacity step.
    for (const chunk of [prompt.slice(0, 200), prompt.slice(200)]) {
      expect(
        relError(hidden(await step(gpu, g, chunk, alpha)), hidden(await step(cpu, c, chunk, alpha)))
      ).toBeLessThan(1e-5)
    }
    expect(
      relError(hidden(await step(gpu, g, [198], alpha)), hidden(await step(cpu, c, [198], alpha)))
    ).toBeLessThan(1e-5)
    cpu.closeSequence(c)
    gpu.closeSequence(g)
  }, 300_000)
})

describe.skipIf(unavailable !== undefined)('WebGPU gqa last stage', () => {
  it('takes the greedy argmax on the device, alone or with the logits', async () => {
    const layers = pkg.manifest.arch.llm.layers
    const spec = { layers: [2, layers] as [number, number], isLast: true }
    const cpu = await createStage(pkg, { ...spec, device: cpuDevice }, { threads: 1 })
    const gpu = await createStage(pkg, { ...spec, device: gpuDevice })
    try {
      const c = cpu.openSequence()
      const g = gpu.openSequence()
      const reference = (await step(cpu, c, TURN_ONE)).logits as Float32Array
      const full = await step(gpu, g, TURN_ONE)
      expect(relError(full.logits as Float32Array, reference)).toBeLessThan(1e-5)
      expect(full.nextId).toBe(argmax(reference))
      const next = argmax(reference)
      const nextReference = (await step(cpu, c, [next])).logits as Float32Array
      const alone = await step(gpu, g, [next], 1, 'argmax')
      expect(alone.logits).toBeUndefined()
      expect(alone.nextId).toBe(argmax(nextReference))
    } finally {
      await cpu.dispose()
      await gpu.dispose()
    }
  }, 300_000)

  it.each([true, false])(
    'reads back the top-K (device selection %s) and keeps the logits until the next step',
    async (deviceTopK) => {
      const layers = pkg.manifest.arch.llm.layers
      const spec = { layers: [2, layers] as [number, number], isLast: true }
      const cpu = await createStage(pkg, { ...spec, device: cpuDevice }, { threads: 1 })
      const gpu = await createStage(pkg, { ...spec, device: gpuDevice }, { deviceTopK })
      try {
        const c = cpu.openSequence()
        const g = gpu.openSequence()
        const reference = (await step(cpu, c, TURN_ONE)).logits as Float32Array
        const out = await step(gpu, g, TURN_ONE, 1, 'top-k')
        expect(out.logits).toBeUndefined()
        const top = out.top as NonNullable<StageOutput['top']>
        const best = [...reference.keys()].sort((a, b) => reference[b] - reference[a])
        expect(top.ids.length).toBe(READBACK_TOP_K)
        expect(top.ids[0]).toBe(best[0])
        expect(new Set(top.ids)).toEqual(new Set(best.slice(0, READBACK_TOP_K)))
        const kept = await gpu.fullLogits(g)
        expect(relError(kept, reference)).toBeLessThan(1e-5)
        top.ids.forEach((id, i) => expect(top.values[i]).toBe(kept[id]))
        await step(gpu, g, [best[0]], 1, 'argmax')
        await expect(gpu.fullLogits(g)).rejects.toThrow(/no 'top-k' step/)
      } finally {
        await cpu.dispose()
        await gpu.dispose()
      }
    },
    300_000
  )
})

describe.skipIf(unavailable !== undefined)('gqa decode dispatches', () => {
  it('runs every kernel on the WebGPU EP, as many per token at any context', async () => {
    const spec = { layers: [0, 2] as [number, number], device: gpuDevice, isLast: false }
    const short = await countDecodeDispatches(pkg, spec, { context: 4 })
    const long = await countDecodeDispatches(pkg, spec, { context: 300 })
    expect(Object.keys(short.byProvider)).toEqual(['WebGpuExecutionProvider'])
    // Per layer at most 15 (counted by hand from the graph): 2 norms, 5 matmuls (c_attn,
    // c_proj, w1, w2, mlp c_proj), c_attn's bias Add, Split, 2 RotaryEmbedding,
    // GroupQueryAttention, Sigmoid and 2 Mul; plus the segment's final residual Add.
    expect(short.kernelRuns).toBeLessThanOrEqual(2 * 15 + 1)
    expect(short.byOp.GroupQueryAttention).toBe(2)
    expect(long).toEqual(short)
  }, 300_000)
})
