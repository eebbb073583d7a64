// Storage transforms: half rounding (hand-checked bit patterns), transposes, and the int4 block
// packing, which must agree with ONNX Runtime's MatMulNBits.
import * as ort from 'onnxruntime-node'
import { describe, expect, it } from 'vitest'
import { quantizeInt4, toHalfBits, transpose2d } from '../../../main/inference/convert/quantize'
import { GraphBuilder, attr } from '../../../main/inference/onnx/graph-builder'

describe('toHalfBits', () => {
  it('rounds to the nearest half, ties to even', () => {
    expect(toHalfBits(1)).toBe(0x3c00)
    expect(toHalfBits(-2)).toBe(0xc000)
    expect(toHalfBits(65504)).toBe(0x7bff)
    expect(toHalfBits(70000)).toBe(0x7c00)
    expect(toHalfBits(2 ** -24)).toBe(0x0001)
    expect(toHalfBits(1e-8)).toBe(0)
    expect(toHalfBits(1 + 2 ** -11)).toBe(0x3c00) // tie → even mantissa
    expect(toHalfBits(1 + 3 * 2 ** -11)).toBe(0x3c02) // tie → even (up)
    expect(toHalfBits(0.1)).toBe(0x2e66)
  })
})

describe('transpose2d', () => {
  it('turns [2,3] into [3,2]', () => {
    expect(Array.from(transpose2d(Float32Array.from([1, 2, 3, 4, 5, 6]), 2, 3))).toEqual([
      1, 4, 2, 5, 3, 6
    ])
  })
})

describe('quantizeInt4', () => {
  it('packs one block by hand: the largest magnitude maps to -8, low nibble first', () => {
    const q = quantizeInt4(Float32Array.from([-1, 0.5, 0.25, 1]), 1, 4, 4)
    expect(Array.from(q.scales)).toEqual([0.125])
    // q = round(w / 0.125) + 8 = [0, 12, 10, 16→15]
    expect(Array.from(q.packed)).toEqual([0 | (12 << 4), 10 | (15 << 4)])
  })

  it('matches ORT MatMulNBits (K padded to whole blocks)', async () => {
    const n = 5
    const k = 40 // not a multiple of 32: the last block is padded
    const w = Float32Array.from({ length: n * k }, (_, i) => Math.sin(i * 1.7) * (1 + (i % 7)))
    const { packed, scales, blocks } = quantizeInt4(w, n, k, 32)
    // Expected: x · dequant(W)ᵀ with dequant = (q - 8) · scale, unpacked here independently.
    const x = Float32Array.from({ length: 2 * k }, (_, i) => Math.cos(i))
    const expected = new Float64Array(2 * n)
    for (let r = 0; r < 2; r++)
      for (let col = 0; col < n; col++)
        for (let kk = 0; kk < k; kk++) {
          const blk = Math.floor(kk / 32)
          const byte = packed[(col * blocks + blk) * 16 + ((kk % 32) >> 1)]
          const qv = kk % 2 === 0 ? byte & 15 : byte >> 4
          expected[r * n + col] += x[r * k + kk] * (qv - 8) * scales[col * blocks + blk]
        }
    const b = new GraphBuilder('nbits')
    const a = b.input('a', 'float', [2, k])
    const bw = b.inlineRaw('b', 'uint8', packed, [n, blocks, 16])
    const sc = b.inlineRaw('s', 'float', new Uint8Array(scales.buffer), [n * blocks])
    const y = b.op(
      'MatMulNBits',
      [a, bw, sc],
      {
        K: attr.int(k),
        N: attr.int(n),
        bits: attr.int(4),
        block_size: attr.int(32)
      },
      { domain: 'com.microsoft' }
    )
    b.output(y, 'y', 'float', [2, n])
    const session = await ort.InferenceSession.create(b.toBytes())
    const out = (await session.run({ a: new ort.Tensor('float32', x, [2, k]) })).y
      .data as Float32Array
    await session.release()
    for (let i = 0; i < expected.length; i++) expect(out[i]).toBeCloseTo(expected[i], 4)
    // and the quantisation error itself is bounded by half a step per weight
    for (let col = 0; col < n; col++)
      for (let kk = 0; kk < k; kk++) {
        const s = Math.abs(scales[col * blocks + Math.floor(kk / 32)])
        const blk = Math.floor(kk / 32)
        const byte = packed[(col * blocks + blk) * 16 + ((kk % 32) >> 1)]
        const qv = kk % 2 === 0 ? byte & 15 : byte >> 4
        expect(
          Math.abs((qv - 8) * scales[col * blocks + blk] - w[col * k + kk])
        ).toBeLessThanOrEqual(s * 1.0001)
      }
  })
})
