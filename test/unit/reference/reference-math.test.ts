// The reference's building blocks against hand computations and published constants, which is
// what makes the float64 reference an independent check of the engine.
import { describe, expect, test } from 'vitest'
import {
  attention,
  erf,
  gelu,
  layerNorm,
  linear,
  lognFactor,
  ntkAlpha,
  rmsNorm,
  rotaryBase,
  rotate,
  silu,
  softmaxInPlace
} from '../../reference/math'

const f64 = (values: number[]): Float64Array => Float64Array.from(values)

describe('elementwise functions', () => {
  test('erf matches tabulated values (Abramowitz & Stegun table 7.1)', () => {
    expect(erf(0)).toBe(0)
    expect(erf(0.5)).toBeCloseTo(0.5204998778130465, 14)
    expect(erf(1)).toBeCloseTo(0.8427007929497149, 14)
    expect(erf(2)).toBeCloseTo(0.9953222650189527, 14)
    expect(erf(-1)).toBeCloseTo(-0.8427007929497149, 14)
    expect(erf(3.5)).toBeCloseTo(0.9999992569016276, 14)
    expect(erf(5)).toBeCloseTo(0.9999999999984626, 15)
  })

  test('exact GELU is x times the normal CDF (not the tanh form)', () => {
    expect(gelu(1)).toBeCloseTo(0.8413447460685429, 14)
    expect(gelu(-1)).toBeCloseTo(-0.15865525393145707, 14)
    expect(gelu(2)).toBeCloseTo(2 * 0.9772498680518208, 14)
    // tanh approximation gives 0.8411919906082768 at 1: must differ
    expect(Math.abs(gelu(1) - 0.8411919906082768)).toBeGreaterThan(1e-4)
  })

  test('SiLU', () => {
    expect(silu(0)).toBe(0)
    expect(silu(1)).toBeCloseTo(1 / (1 + Math.exp(-1)), 15)
    expect(silu(-2)).toBeCloseTo(-2 / (1 + Math.exp(2)), 15)
  })

  test('softmax of [1, 2, 3] and stability with large inputs', () => {
    const values = f64([1, 2, 3])
    softmaxInPlace(values)
    const e = [Math.exp(-2), Math.exp(-1), 1]
    const sum = e[0] + e[1] + e[2]
    expect(Array.from(values)).toEqual(e.map((v) => v / sum))
    const large = f64([1000, 1000])
    softmaxInPlace(large)
    expect(Array.from(large)).toEqual([0.5, 0.5])
  })
})

describe('norms and linear', () => {
  test('LayerNorm of [1, 2, 3, 4] by hand: mean 2.5, variance 1.25 (biased)', () => {
    const y = layerNorm(f64([1, 2, 3, 4]), 4, f64([1, 2, 1, 1]), f64([0, 0, 0, 1]), 0)
    const s = 1 / Math.sqrt(1.25)
    expect(Array.from(y)).toEqual([-1.5 * s, -0.5 * s * 2, 0.5 * s, 1.5 * s + 1])
  })

  test('LayerNorm eps matters at small variance', () => {
    const y = layerNorm(f64([0, 0.002]), 2, f64([1, 1]), f64([0, 0]), 1e-5)
    expect(y[1]).toBeCloseTo(0.001 / Math.sqrt(1e-6 + 1e-5), 12)
  })

  test('RMSNorm of [3, 4]: rms = sqrt(12.5), no mean subtraction', () => {
    const y = rmsNorm(f64([3, 4]), 2, f64([1, 0.5]), 0)
    expect(y[0]).toBeCloseTo(3 / Math.sqrt(12.5), 15)
    expect(y[1]).toBeCloseTo((4 / Math.sqrt(12.5)) * 0.5, 15)
  })

  test('linear uses the torch [out, in] weight layout', () => {
    // W = [[1, 2], [3, 4], [5, 6]], x = [1, -1], b = [0, 1, 2] -> [-1, 0, 1]
    const y = linear(f64([1, -1]), 1, f64([1, 2, 3, 4, 5, 6]), f64([0, 1, 2]), 3)
    expect(Array.from(y)).toEqual([-1, 0, 1])
  })
})

describe('attention', () => {
  test('causal single head: first query sees only the first key', () => {
    const q = f64([1, 0, 1, 0])
    const k = f64([1, 0, 0, 1])
    const v = f64([10, 0, 0, 20])
    const out = attention(q, k, v, 2, 2, 1, 2, 1, 0)
    expect(Array.from(out.subarray(0, 2))).toEqual([10, 0])
    // second query: scores [1, 0] -> weights [e/(e+1), 1/(e+1)]
    const w = Math.E / (Math.E + 1)
    expect(out[2]).toBeCloseTo(10 * w, 14)
    expect(out[3]).toBeCloseTo(20 * (1 - w), 14)
  })

  test('heads are contiguous slices of the width', () => {
    // two heads of width 1: head 0 attends on column 0, head 1 on column 1
    const q = f64([1, 0])
    const k = f64([1, 0, 0, 1])
    const v = f64([1, 2, 3, 4])
    const out = attention(q, k, v, 1, 2, 2, 1, 1)
    const w0 = Math.E / (Math.E + 1)
    expect(out[0]).toBeCloseTo(1 * w0 + 3 * (1 - w0), 14)
    expect(out[1]).toBeCloseTo((2 + 4) / 2, 14)
  })
})

describe('rotary, NTK and logn (MODEL-SPEC §5)', () => {
  test('half-split rotation of a 4-vector at position 1, base 10000', () => {
    // d = 4: angles are 1/10000^0 = 1 and 1/10000^(2/4) = 0.01 for pairs (0,2) and (1,3)
    const x = f64([1, 2, 3, 4])
    rotate(x, 0, 4, 1, 10000)
    expect(x[0]).toBeCloseTo(1 * Math.cos(1) - 3 * Math.sin(1), 15)
    expect(x[2]).toBeCloseTo(3 * Math.cos(1) + 1 * Math.sin(1), 15)
    expect(x[1]).toBeCloseTo(2 * Math.cos(0.01) - 4 * Math.sin(0.01), 15)
    expect(x[3]).toBeCloseTo(4 * Math.cos(0.01) + 2 * Math.sin(0.01), 15)
  })

  test('position 0 is the identity', () => {
    const x = f64([1, 2, 3, 4])
    rotate(x, 0, 4, 0, 10000)
    expect(Array.from(x)).toEqual([1, 2, 3, 4])
  })

  test('NTK alpha table for seq_length 8192 and 2048', () => {
    expect(ntkAlpha(1, 8192)).toBe(1)
    expect(ntkAlpha(8192, 8192)).toBe(1)
    expect(ntkAlpha(8193, 8192)).toBe(3)
    expect(ntkAlpha(16384, 8192)).toBe(3)
    expect(ntkAlpha(16385, 8192)).toBe(7)
    expect(ntkAlpha(32768, 8192)).toBe(7)
    expect(ntkAlpha(2048, 2048)).toBe(1)
    expect(ntkAlpha(2049, 2048)).toBe(3)
    expect(ntkAlpha(8192, 2048)).toBe(7)
  })

  test('effective rotary base: 10000 * alpha^(128/126)', () => {
    expect(rotaryBase(10000, 1, 128)).toBe(10000)
    expect(rotaryBase(10000, 3, 128)).toBeCloseTo(30527.7, 1)
    expect(rotaryBase(10000, 7, 128)).toBeCloseTo(72195.9, 1)
  })

  test('logn applies only past seq_length, as ln(p+1)/ln(S) per query position', () => {
    expect(lognFactor(9000, 8192, 8192)).toBe(1)
    expect(lognFactor(100, 9000, 8192)).toBe(1)
    expect(lognFactor(8999, 9000, 8192)).toBeCloseTo(Math.log(9000) / Math.log(8192), 15)
    expect(lognFactor(8191, 9000, 8192)).toBe(1)
  })
})
