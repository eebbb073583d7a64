// Deterministic random numbers for test models: each tensor gets its own stream derived from
// (seed, salt, tensor name), so a tensor's values never depend on which others are written.
import { xoshiro128StarStar, type Rng } from '../generation/rng'

/** 32-bit FNV-1a of a string, used to derive per-tensor stream seeds. */
function hashString(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash
}

/** xoshiro128** seeded through splitmix32; uniform doubles in [0, 1) and standard normals. */
export class SeededRandom {
  private readonly bits: Rng
  private spare: number | undefined

  constructor(seed: number, stream: string) {
    const state: [number, number, number, number] = [0, 0, 0, 0]
    let x = (hashString(stream) ^ Math.imul(seed >>> 0, 0x9e3779b9)) >>> 0
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0
      let z = x
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
      state[i] = (z ^ (z >>> 16)) >>> 0
    }
    this.bits = xoshiro128StarStar(state)
  }

  uniform(): number {
    return (this.bits.nextUint32() + 0.5) / 4294967296
  }

  /** Standard normal via Box-Muller (pairs cached). */
  normal(): number {
    if (this.spare !== undefined) {
      const value = this.spare
      this.spare = undefined
      return value
    }
    const radius = Math.sqrt(-2 * Math.log(this.uniform()))
    const angle = 2 * Math.PI * this.uniform()
    this.spare = radius * Math.sin(angle)
    return radius * Math.cos(angle)
  }
}
