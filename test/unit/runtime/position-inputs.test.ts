// Rotary / NTK / logn / mask helpers against values computed by hand from MODEL-SPEC §5.
import { describe, expect, it } from 'vitest'
import {
  MASKED,
  causalBias,
  effectiveRotaryBase,
  lognScales,
  ntkAlpha,
  ropeTables
} from '../../../main/inference/runtime/position-inputs'

describe('dynamic NTK', () => {
  it('follows the 7B table (S = 8192)', () => {
    expect(ntkAlpha(1, 8192, true)).toBe(1)
    expect(ntkAlpha(8192, 8192, true)).toBe(1)
    expect(ntkAlpha(8193, 8192, true)).toBe(3)
    expect(ntkAlpha(16384, 8192, true)).toBe(3)
    expect(ntkAlpha(16385, 8192, true)).toBe(7)
    expect(ntkAlpha(32768, 8192, true)).toBe(7)
    expect(ntkAlpha(20000, 8192, false)).toBe(1)
  })
  it('scales the base by alpha^(128/126)', () => {
    expect(effectiveRotaryBase(10000, 1, 128)).toBe(10000)
    expect(effectiveRotaryBase(10000, 3, 128)).toBeCloseTo(30527.7, 1)
    expect(effectiveRotaryBase(10000, 7, 128)).toBeCloseTo(72195.9, 1)
  })
})

describe('ropeTables', () => {
  it('uses half-split frequencies duplicated over both halves', () => {
    // headDim 4, base 10000: inv_freq = [1, 1/100]
    const { cos, sin } = ropeTables(2, 2, 4, 10000)
    const expected = (p: number): number[] => [
      Math.cos(p),
      Math.cos(p / 100),
      Math.cos(p),
      Math.cos(p / 100)
    ]
    expect(Array.from(cos.subarray(0, 4))).toEqual(expected(2).map(Math.fround))
    expect(Array.from(cos.subarray(4, 8))).toEqual(expected(3).map(Math.fround))
    expect(sin[4]).toBe(Math.fround(Math.sin(3)))
    expect(sin[7]).toBe(Math.fround(Math.sin(3 / 100)))
  })
})

describe('lognScales', () => {
  it('is 1 while the total key length stays within seq_length', () => {
    expect(Array.from(lognScales(120, 8, 128, true))).toEqual(Array(8).fill(1))
  })
  it('scales each query by max(1, ln(p+1)/ln(S)) beyond seq_length', () => {
    const s = lognScales(126, 4, 128, true) // positions 126..129, total 130 keys
    expect(s[0]).toBe(1)
    expect(s[1]).toBe(1)
    expect(s[2]).toBe(Math.fround(Math.log(129) / Math.log(128)))
    expect(s[3]).toBe(Math.fround(Math.log(130) / Math.log(128)))
    expect(Array.from(lognScales(126, 4, 128, false))).toEqual([1, 1, 1, 1])
  })
})

describe('causalBias', () => {
  it('lets token t see the cache and new tokens up to t', () => {
    const m = Math.fround(MASKED)
    expect(Array.from(causalBias(2, 2))).toEqual([0, 0, 0, m, 0, 0, 0, 0])
    expect(Array.from(causalBias(0, 3))).toEqual([0, m, m, 0, 0, m, 0, 0, 0])
  })
})
