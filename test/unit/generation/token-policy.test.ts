// The token policy's composition: padding rows (ids >= 151851) are never chosen, the repetition
// penalty touches only this sequence's generated ids, a seed fixes the sampled tokens, and the
// sampling processors run in Hugging Face 4.39 order (temperature, then top-k, then top-p).
import { describe, expect, it } from 'vitest'
import { DEFAULT_GENERATION_OPTIONS } from '../../../main/inference/engine-api'
import { createTokenPolicy } from '../../../main/inference/generation/token-policy'

const VOCAB = 151936

function scores(entries: Record<number, number>): Float32Array {
  const out = new Float32Array(VOCAB).fill(-10)
  for (const [id, value] of Object.entries(entries)) out[Number(id)] = value
  return out
}

describe('createTokenPolicy', () => {
  it('never picks a padding row even when it scores highest', () => {
    const policy = createTokenPolicy(DEFAULT_GENERATION_OPTIONS)
    const s = scores({ 151900: 9, 151851: 8, 42: 3 })
    policy.process(s, [])
    expect(policy.choose(s)).toBe(42)
  })

  it('penalises generated ids: 3 / 2 = 1.5 loses to 2; -1 * 2 = -2', () => {
    const policy = createTokenPolicy({ ...DEFAULT_GENERATION_OPTIONS, repetitionPenalty: 2 })
    const s = scores({ 5: 3, 6: 2, 7: -1 })
    policy.process(s, [5, 7, 5])
    expect(s[5]).toBeCloseTo(1.5, 6)
    expect(s[7]).toBeCloseTo(-2, 6)
    expect(s[6]).toBe(2)
    expect(policy.choose(s)).toBe(6)
  })

  it('draws the same tokens for the same seed', () => {
    const draw = (seed: number): number[] => {
      const policy = createTokenPolicy({
        ...DEFAULT_GENERATION_OPTIONS,
        doSample: true,
        topK: 0,
        seed
      })
      return Array.from({ length: 20 }, () => {
        const s = scores({ 1: 1, 2: 1, 3: 1, 4: 1 })
        policy.process(s, [])
        return policy.choose(s)
      })
    }
    expect(draw(11)).toEqual(draw(11))
    expect(draw(11)).not.toEqual(draw(12))
  })

  it('samples greedily with top-k 1, whatever the seed', () => {
    for (let seed = 1; seed <= 20; seed += 1) {
      const policy = createTokenPolicy({
        ...DEFAULT_GENERATION_OPTIONS,
        doSample: true,
        topK: 1,
        seed
      })
      const s = scores({ 0: 1, 1: 2 })
      policy.process(s, [])
      expect(policy.choose(s)).toBe(1)
    }
  })

  it('applies temperature before top-p', () => {
    // Only ids 0..2 are possible. T = 0.5: scores 4, 2, 0 -> p = 0.867, 0.117, 0.016, and top-p
    // 0.85 drops ids whose ascending cumulative p is <= 0.15 (ids 2 and 1): id 0 every time.
    // At T = 1, p = 0.665, 0.245, 0.090 keeps ids 0 and 1, so some seed draws id 1; top-p
    // before temperature would keep both at T = 0.5 too.
    const draws = (temperature: number): number[] =>
      Array.from({ length: 40 }, (_, seed) => {
        const policy = createTokenPolicy({
          ...DEFAULT_GENERATION_OPTIONS,
          doSample: true,
          topK: 0,
          topP: 0.85,
          temperature,
          seed: seed + 1
        })
        const s = new Float32Array(VOCAB).fill(Number.NEGATIVE_INFINITY)
        s.set([2, 1, 0])
        policy.process(s, [])
        return policy.choose(s)
      })
    expect(new Set(draws(0.5))).toEqual(new Set([0]))
    expect(new Set(draws(1))).toEqual(new Set([0, 1]))
  })
})
