// The ONNX graph builder against real ONNX Runtime: attributes, inline constants, and external
// data resolved relative to the model's folder.
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as ort from 'onnxruntime-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GraphBuilder, attr } from '../../../main/inference/onnx/graph-builder'
import { gelu, rotary } from '../../../main/inference/onnx/ops'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mpp-onnx-'))
})
afterAll(async () => rm(dir, { recursive: true, force: true }))

async function run(
  bytesOrPath: Uint8Array | string,
  feeds: Record<string, ort.Tensor>
): Promise<ort.InferenceSession.OnnxValueMapType> {
  const session =
    typeof bytesOrPath === 'string'
      ? await ort.InferenceSession.create(bytesOrPath)
      : await ort.InferenceSession.create(bytesOrPath)
  try {
    return await session.run(feeds)
  } finally {
    await session.release()
  }
}

describe('GraphBuilder', () => {
  it('reads external initializers at an offset in a subfolder', async () => {
    await mkdir(join(dir, 'weights'))
    const raw = new Float32Array(1024 + 6)
    raw.set([1, 2, 3, 4, 5, 6], 1024) // at byte 4096
    await writeFile(join(dir, 'weights', 'w.bin'), new Uint8Array(raw.buffer))
    const b = new GraphBuilder('ext')
    const x = b.input('x', 'float', ['n', 2])
    const w = b.external('w', 'float', [2, 3], {
      location: 'weights/w.bin',
      offset: 4096,
      length: 24
    })
    b.output(b.op('MatMul', [x, w]), 'y', 'float', ['n', 3])
    await writeFile(join(dir, 'ext.onnx'), b.toBytes())
    const out = await run(join(dir, 'ext.onnx'), {
      x: new ort.Tensor('float32', Float32Array.from([1, 10]), [1, 2])
    })
    expect(Array.from(out.y.data as Float32Array)).toEqual([41, 52, 63])
  })

  it('writes int, ints and float attributes', async () => {
    const b = new GraphBuilder('attrs')
    const x = b.input('x', 'float', [2, 3])
    const t = b.op('Transpose', [x], { perm: attr.ints([1, 0]) })
    const s = b.op('Softmax', [b.op('Mul', [t, b.constFloat([0], [])])], { axis: attr.int(0) })
    const e = b.op('Elu', [b.constFloat([-1])], { alpha: attr.float(2) })
    b.output(s, 'soft', 'float', [3, 2])
    b.output(e, 'elu', 'float', [1])
    const out = await run(b.toBytes(), {
      x: new ort.Tensor('float32', new Float32Array(6), [2, 3])
    })
    expect(out.soft.dims).toEqual([3, 2])
    // axis 0 has 3 entries (default axis -1 would give 0.5)
    expect(Array.from(out.soft.data as Float32Array)).toEqual(Array(6).fill(Math.fround(1 / 3)))
    expect((out.elu.data as Float32Array)[0]).toBeCloseTo(2 * (Math.exp(-1) - 1), 6)
  })

  it('builds exact GELU and half-split rotary', async () => {
    const b = new GraphBuilder('ops')
    const x = b.input('x', 'float', [1, 1, 1, 4])
    const cos = b.input('cos', 'float', [1, 1, 1, 4])
    const sin = b.input('sin', 'float', [1, 1, 1, 4])
    b.output(gelu(b, x), 'g', 'float', [1, 1, 1, 4])
    b.output(rotary(b, x, cos, sin, 4), 'r', 'float', [1, 1, 1, 4])
    const xs = [-1, 0.5, 2, -3]
    const c = [0.1, 0.2, 0.1, 0.2]
    const s = [0.3, 0.4, 0.3, 0.4]
    const t = (v: number[]): ort.Tensor =>
      new ort.Tensor('float32', Float32Array.from(v), [1, 1, 1, 4])
    const out = await run(b.toBytes(), { x: t(xs), cos: t(c), sin: t(s) })
    // GELU(x) = x Φ(x): Φ(-1) = 0.158655254, Φ(0.5) = 0.691462461, Φ(2) = 0.977249868, Φ(-3) = 0.001349898
    const phi = [0.158655254, 0.691462461, 0.977249868, 0.001349898]
    const g = out.g.data as Float32Array
    xs.forEach((v, i) => expect(g[i]).toBeCloseTo(v * phi[i], 6))
    // rotate_half([a,b,c,d]) = [-c,-d,a,b]
    const rot = [-xs[2], -xs[3], xs[0], xs[1]]
    const r = out.r.data as Float32Array
    xs.forEach((v, i) => expect(r[i]).toBeCloseTo(v * c[i] + rot[i] * s[i], 6))
  })
})
