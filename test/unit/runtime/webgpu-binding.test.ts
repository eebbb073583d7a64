// What onnxruntime-node 1.30's binding does with WebGPU tensors, as the gqa stage relies on it
// (package/README.md, "WebGPU: the gqa graph"): a preallocated gpu-buffer output is not
// written in place, a subset of fetched outputs is mispaired once preferredOutputLocation is
// set, and graph capture is refused as an EP option and has no effect as a config entry. Each
// test fails when a newer binding changes the behaviour, which would open a cheaper design.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as ort from 'onnxruntime-node'
import { describe, expect, it } from 'vitest'
import { webgpuUnavailable } from '../../helpers/webgpu'
import { GraphBuilder } from '../../../main/inference/onnx/graph-builder'

const webgpu = { executionProviders: [{ name: 'webgpu' as const }], logSeverityLevel: 3 as const }

function oneOp(op: string): Uint8Array {
  const b = new GraphBuilder(op)
  const x = b.input('x', 'float', [2])
  b.output(b.op(op, [x]), 'y', 'float', [2])
  return b.toBytes()
}

const unavailable = await webgpuUnavailable()
if (unavailable) console.warn(`WebGPU binding tests skipped: no WebGPU adapter (${unavailable})`)

const cpu = (values: number[]): ort.Tensor =>
  new ort.Tensor('float32', Float32Array.from(values), [values.length])

/** Reads a gpu-buffer tensor through a session whose output stays on the CPU. */
async function valuesOf(tensor: ort.Tensor): Promise<number[]> {
  const read = await ort.InferenceSession.create(oneOp('Identity'), webgpu)
  try {
    return Array.from((await read.run({ x: tensor })).y.data as Float32Array)
  } finally {
    await read.release()
  }
}

describe.skipIf(unavailable !== undefined)('onnxruntime-node 1.30 WebGPU binding', () => {
  it('does not write a preallocated gpu-buffer output in place (no shared past/present)', async () => {
    const b = new GraphBuilder('add_one')
    const x = b.input('x', 'float', [2])
    b.output(b.op('Add', [x, b.constFloat([1, 1])]), 'y', 'float', [2])
    const options = {
      executionProviders: [{ name: 'webgpu' as const }],
      logSeverityLevel: 3 as const
    }
    const add = await ort.InferenceSession.create(b.toBytes(), {
      ...options,
      preferredOutputLocation: 'gpu-buffer'
    })
    const r = new GraphBuilder('read')
    const z = r.input('z', 'float', [2])
    r.output(r.op('Neg', [z]), 'w', 'float', [2])
    const read = await ort.InferenceSession.create(r.toBytes(), options)
    const cpu = (values: number[]): ort.Tensor =>
      new ort.Tensor('float32', Float32Array.from(values), [2])
    const value = async (t: ort.Tensor): Promise<number[]> =>
      Array.from((await read.run({ z: t })).w.data as Float32Array).map((v) => -v)
    const target = (await add.run({ x: cpu([0, 0]) })).y
    const out = await add.run({ x: cpu([5, 6]) }, { y: target })
    // The result went to a fresh buffer; the tensor passed as the output kept its old value.
    expect(await value(out.y)).toEqual([6, 7])
    expect(await value(target)).toEqual([1, 1])
    for (const t of [target, out.y]) t.dispose()
    await add.release()
    await read.release()
  }, 120_000)

  it('mispairs a subset of fetched outputs once preferredOutputLocation is set', async () => {
    const b = new GraphBuilder('two')
    const x = b.input('x', 'float', [2])
    b.output(b.op('Neg', [x]), 'negated', 'float', [2])
    b.output(b.op('Abs', [x]), 'absolute', 'float', [2])
    const bound = await ort.InferenceSession.create(b.toBytes(), {
      ...webgpu,
      preferredOutputLocation: { negated: 'gpu-buffer', absolute: 'cpu' }
    })
    const all = await bound.run({ x: cpu([-1, 2]) })
    expect(Array.from(all.absolute.data as Float32Array)).toEqual([1, 2])
    all.negated.dispose()
    // Fetched alone, 'absolute' (bound to the CPU) never comes back as itself: the binding
    // throws "Output count mismatch" or returns the first output's gpu-buffer tensor under its
    // name, depending on what the session ran before.
    const partial = await bound.run({ x: cpu([-1, 2]) }, ['absolute']).then(
      (out) => {
        const location = out.absolute.location
        out.absolute.dispose()
        return location
      },
      (error: Error) => error.message
    )
    expect(['gpu-buffer', 'Output count mismatch.']).toContain(partial)
    await bound.release()
  }, 120_000)

  it('refuses graph capture as an EP option and ignores it as a config entry', async () => {
    await expect(
      ort.InferenceSession.create(oneOp('Neg'), {
        executionProviders: [
          {
            name: 'webgpu',
            enableGraphCapture: '1'
          } as unknown as ort.InferenceSession.ExecutionProviderConfig
        ]
      })
    ).rejects.toThrow("unrecognized option: 'enableGraphCapture'")
    // Every input and output a gpu-buffer, static shapes: a captured graph would replay
    // without running its kernels, so the profile would show none after the capture run.
    const dir = await mkdtemp(join(tmpdir(), 'mpp-capture-'))
    const b = new GraphBuilder('chain')
    let v = b.input('x', 'float', [2])
    for (let i = 0; i < 4; i++) v = b.op('Add', [b.op('Neg', [v]), b.constFloat([1, 1])])
    b.output(v, 'y', 'float', [2])
    const options = { ...webgpu, preferredOutputLocation: 'gpu-buffer' as const }
    const producer = await ort.InferenceSession.create(oneOp('Identity'), options)
    const chain = await ort.InferenceSession.create(b.toBytes(), {
      ...options,
      enableProfiling: true,
      profileFilePrefix: join(dir, 'capture'),
      extra: { 'ep.webgpuexecutionprovider.enableGraphCapture': '1' }
    })
    try {
      const x = (await producer.run({ x: cpu([1, 2]) })).y
      for (let run = 0; run < 4; run++) {
        const y = (await chain.run({ x })).y
        // -x + 1 four times over is x again.
        expect(await valuesOf(y)).toEqual([1, 2])
        y.dispose()
      }
      x.dispose()
      chain.endProfiling()
      const file = (await readdir(dir)).find((f) => f.endsWith('.json')) as string
      const events = JSON.parse(await readFile(join(dir, file), 'utf8')) as {
        cat: string
        name: string
        ts: number
        dur: number
      }[]
      const runs = events.filter((e) => e.cat === 'Session' && e.name === 'model_run')
      const kernelsPerRun = runs.map(
        (run) =>
          events.filter(
            (e) =>
              e.cat === 'Node' &&
              e.name.endsWith('_kernel_time') &&
              e.ts >= run.ts &&
              e.ts <= run.ts + run.dur
          ).length
      )
      expect(kernelsPerRun).toEqual([8, 8, 8, 8])
    } finally {
      await producer.release()
      await chain.release()
      await rm(dir, { recursive: true, force: true })
    }
  }, 120_000)
})
