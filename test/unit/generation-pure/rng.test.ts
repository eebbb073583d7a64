// Seeded RNG: xoshiro128** outputs for a fixed state match the published algorithm (values from
// an independent Python implementation, the first four also in the reference C code's behaviour),
// and createRng is a pure function of its seed.
import { describe, expect, it } from 'vitest'
import { createRng, xoshiro128StarStar } from '../../../main/inference/generation/rng'

const draw = (next: () => number, count: number): number[] => Array.from({ length: count }, next)

describe('xoshiro128**', () => {
  it('produces the reference sequence for state [1, 2, 3, 4]', () => {
    const rng = xoshiro128StarStar([1, 2, 3, 4])
    expect(draw(rng.nextUint32, 6)).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492])
  })
})

describe('createRng', () => {
  it('expands a seed through the SplitMix32 mixer (Python reference values)', () => {
    expect(draw(createRng(42).nextUint32, 4)).toEqual([
      2837322924, 544945897, 479756282, 3500138142
    ])
    expect(draw(createRng(0).nextUint32, 4)).toEqual([3809008728, 1133695204, 53579671, 2891528803])
    expect(createRng(42).nextFloat()).toBe(0.6606157208001621)
  })

  it('repeats for the same seed and differs for another', () => {
    expect(draw(createRng(7).nextFloat, 50)).toEqual(draw(createRng(7).nextFloat, 50))
    expect(draw(createRng(7).nextFloat, 50)).not.toEqual(draw(createRng(8).nextFloat, 50))
  })

  it('draws floats in [0, 1) with mean near 1/2', () => {
    const values = draw(createRng(1).nextFloat, 20000)
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...values)).toBeLessThan(1)
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01)
  })
})
