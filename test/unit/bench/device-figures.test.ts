// The device figures of `mpp bench`: WebGPU copy bandwidth on a real WebGPU adapter (SwiftShader
// here) really streams the tensor through the device (its value after every pass is known), and
// the dispatch count reads a real ONNX Runtime profile: a graph of four nodes run four times
// gives four kernels in its last run.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as ort from 'onnxruntime-node'
import { afterAll, describe, expect, it } from 'vitest'
import { webgpuCopyBandwidth } from '../../../main/inference/bench/device-bandwidth'
import { useSwiftShaderIfUnset } from '../../../main/inference/devices/webgpu-env'
import { GraphBuilder } from '../../../main/inference/onnx/graph-builder'
import { countLastRun } from '../../../main/inference/runtime/gpu-dispatch-count'

useSwiftShaderIfUnset()

let dir: string | undefined
afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
})

describe('webgpuCopyBandwidth', () => {
  it('streams a gpu-buffer tensor through every pass of every run', async () => {
    const figures = await webgpuCopyBandwidth(4 * 1024 * 1024, 3)
    // x starts at 1 and gains 1/1024 per pass: 8 passes in each of 1 warm-up + 3 timed runs.
    expect(figures.expectedLastValue).toBe(1 + 32 / 1024)
    expect(figures.lastValue).toBe(figures.expectedLastValue)
    expect(figures.bytesPerSec).toBeGreaterThan(0)
    expect(Number.isFinite(figures.bytesPerSec)).toBe(true)
  }, 120_000)
})

describe('dispatch count from ORT profiles', () => {
  it('counts the kernels of the last run, per operator and provider', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mpp-profile-'))
    // Add, Mul, Relu, and the Identity with which GraphBuilder names an output: four nodes.
    const b = new GraphBuilder('four_nodes')
    const x = b.input('x', 'float', [4])
    const y = b.op('Relu', [b.op('Mul', [b.op('Add', [x, x]), x])])
    b.output(y, 'y', 'float', [4])
    const session = await ort.InferenceSession.create(b.toBytes(), {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'disabled',
      enableProfiling: true,
      profileFilePrefix: join(dir, 'stage')
    })
    const feeds = { x: new ort.Tensor('float32', Float32Array.of(1, -2, 3, -4), [4]) }
    for (let i = 0; i < 4; i++) await session.run(feeds)
    session.endProfiling()
    await session.release()
    const [file] = (await readdir(dir)).filter((name) => name.endsWith('.json'))
    const events = JSON.parse(await readFile(join(dir, file), 'utf8')) as Parameters<
      typeof countLastRun
    >[0]
    const report = countLastRun(events)
    expect(report.kernelRuns).toBe(4)
    expect(report.byOp).toEqual({ Add: 1, Mul: 1, Relu: 1, Identity: 1 })
    expect(report.byProvider).toEqual({ CPUExecutionProvider: 4 })
  })
})
