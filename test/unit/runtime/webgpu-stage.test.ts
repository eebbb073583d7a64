// The devicekv decoder stage on the WebGPU EP (through Chromium's SwiftShader Vulkan driver on
// machines without a GPU, fp32 only) against the hostkv CPU stage: prefill, decode, truncate
// and fork must give the same hidden states. Skipped, with the reason printed, when no adapter exists.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as ort from 'onnxruntime-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useSwiftShaderIfUnset } from '../../../main/inference/devices/webgpu-env'
import { convertModel } from '../../../main/inference/convert/convert'
import { GraphBuilder } from '../../../main/inference/onnx/graph-builder'
import { ModelPackage } from '../../../main/inference/package/model-package'
import { EmbeddingTable } from '../../../main/inference/runtime/embeddings'
import { stepPositions } from '../../../main/inference/runtime/position-inputs'
import { createStage } from '../../../main/inference/runtime/create-stage'
import type { DecoderStage, SequenceId } from '../../../main/inference/runtime/stage'
import { makeTestModel } from '../../../main/inference/test-model/make-test-model'

// Only the Vulkan driver choice, before ORT creates any WebGPU session in this process.
useSwiftShaderIfUnset()

async function probeWebGpu(): Promise<string | undefined> {
  const b = new GraphBuilder('probe')
  const x = b.input('x', 'float', [1])
  b.output(b.op('Add', [x, x]), 'y', 'float', [1])
  try {
    const s = await ort.InferenceSession.create(b.toBytes(), {
      executionProviders: [{ name: 'webgpu' }],
      logSeverityLevel: 3
    })
    await s.release()
    return undefined
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}

const unavailable = await probeWebGpu()
if (unavailable) console.warn(`WebGPU stage tests skipped: no WebGPU adapter (${unavailable})`)

const fixtures = join(import.meta.dirname, '../../../../shared/fixtures')
let dir: string
let pkg: ModelPackage
let table: EmbeddingTable
let cpu: DecoderStage
let gpu: DecoderStage

function relError(a: Float32Array, b: Float32Array): number {
  let d = 0
  let n = 0
  for (let i = 0; i < b.length; i++) {
    d += (a[i] - b[i]) ** 2
    n += b[i] ** 2
  }
  return Math.sqrt(d / n)
}

async function step(stage: DecoderStage, seq: SequenceId, ids: number[]): Promise<Float32Array> {
  const start = stage.cachedLength(seq)
  const hidden = table.gather(ids)
  const out = await stage.forward(seq, {
    hidden,
    tokens: ids.length,
    ...stepPositions(pkg.manifest.arch.llm, start, ids.length, 1)
  })
  return out.hidden as Float32Array
}

describe.skipIf(unavailable !== undefined)('WebGPU devicekv stage', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mpp-webgpu-'))
    const f = await makeTestModel({
      outDir: join(dir, 'src'),
      seed: 5,
      tokenizerPath: join(fixtures, 'qwen.tiktoken')
    })
    const out = join(dir, 'pkg')
    await convertModel({
      vit: f.vision,
      blip2: f.blip2,
      llm: f.qwenFolder,
      sft: f.sft,
      arch: f.archJson,
      dtype: 'fp32',
      out
    })
    pkg = await ModelPackage.open(out)
    const e = pkg.manifest.embedding
    table = new EmbeddingTable(pkg.path(e.file), e.rows, e.width, e.dtype)
    // A one-layer, non-final segment keeps SwiftShader's per-shape shader compiles few; the final
    // segment's ln_f + lm_head is the same graph code the CPU reference test covers.
    const cpuDevice = { kind: 'cpu', index: 0 } as const
    const gpuDevice = { kind: 'webgpu', index: 0 } as const
    cpu = await createStage(
      pkg,
      { layers: [0, 1], device: cpuDevice, isLast: false },
      { threads: 1 }
    )
    gpu = await createStage(pkg, { layers: [0, 1], device: gpuDevice, isLast: false })
  })

  afterAll(async () => {
    await cpu?.dispose()
    await gpu?.dispose()
    table?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('prefill and decode hidden states match the CPU stage', async () => {
    const c = cpu.openSequence()
    const g = gpu.openSequence()
    const prompt = [151644, 8948, 198, 2610, 525, 264, 10950, 17847, 13, 151645]
    expect(relError(await step(gpu, g, prompt), await step(cpu, c, prompt))).toBeLessThan(1e-4)
    for (const id of [198, 151644]) {
      expect(relError(await step(gpu, g, [id]), await step(cpu, c, [id]))).toBeLessThan(1e-4)
    }
    expect(gpu.cachedLength(g)).toBe(12)
    cpu.closeSequence(c)
    gpu.closeSequence(g)
  })

  it('truncate and fork keep the device cache consistent', async () => {
    const c = cpu.openSequence()
    const g = gpu.openSequence()
    const prompt = [151644, 872, 198, 9707, 0, 151645, 198, 151644]
    await step(cpu, c, prompt)
    await step(gpu, g, prompt)
    const forked = gpu.fork(g)
    gpu.truncate(g, 5)
    cpu.truncate(c, 5)
    expect(gpu.cachedLength(g)).toBe(5)
    expect(
      relError(await step(gpu, g, [77091, 198]), await step(cpu, c, [77091, 198]))
    ).toBeLessThan(1e-4)
    // the fork still holds all 8 positions
    const c2 = cpu.openSequence()
    await step(cpu, c2, prompt)
    expect(relError(await step(gpu, forked, [77091]), await step(cpu, c2, [77091]))).toBeLessThan(
      1e-4
    )
    for (const s of [g, forked]) gpu.closeSequence(s)
    for (const s of [c, c2]) cpu.closeSequence(s)
  })
})
