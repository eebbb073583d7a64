// Seeded random numbers for sampling: xoshiro128** (Blackman & Vigna) seeded through a
// SplitMix32-style mixer, so one seed gives the same token choices on every run and platform.
// It does not reproduce torch's generator; only determinism per seed is promised.

export interface Rng {
  /** Uniform integer in [0, 2^32). */
  nextUint32(): number
  /** Uniform float in [0, 1) with 53 random bits. */
  nextFloat(): number
}

const GOLDEN_GAMMA = 0x9e3779b9

function rotl(value: number, shift: number): number {
  return ((value << shift) | (value >>> (32 - shift))) >>> 0
}

/** xoshiro128** over an explicit state (four uint32 words, not all zero). */
export function xoshiro128StarStar(state: readonly [number, number, number, number]): Rng {
  const s = Uint32Array.from(state)
  if (s.every((word) => word === 0)) s[0] = 1
  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0
    const t = (s[1] << 9) >>> 0
    s[2] ^= s[0]
    s[3] ^= s[1]
    s[1] ^= s[2]
    s[0] ^= s[3]
    s[2] ^= t
    s[3] = rotl(s[3], 11)
    return result
  }
  return {
    nextUint32,
    nextFloat: () => ((nextUint32() >>> 5) * 67108864 + (nextUint32() >>> 6)) / 9007199254740992
  }
}

/** A generator for `seed` (its low 32 bits; non-finite seeds count as 0). */
export function createRng(seed: number): Rng {
  let mixer = Number.isFinite(seed) ? Math.trunc(seed) >>> 0 : 0
  const next = (): number => {
    mixer = (mixer + GOLDEN_GAMMA) >>> 0
    let z = mixer
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
  return xoshiro128StarStar([next(), next(), next(), next()])
}
