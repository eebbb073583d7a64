// Greedy and sampled token choice on small hand-computed vectors.
import { describe, expect, it } from 'vitest'
import { createRng, type Rng } from '../../../main/inference/generation/rng'
import {
  SamplingError,
  argmax,
  sampleFromScores,
  softmax
} from '../../../main/inference/generation/sampler'

const NEG = Number.NEGATIVE_INFINITY
const f32 = (values: number[]): Float32Array => Float32Array.from(values)
const fixedRng = (u: number): Rng => ({ nextUint32: () => 0, nextFloat: () => u })

describe('argmax', () => {
  it('returns the first index of the maximum and skips NaN', () => {
    expect(argmax(f32([1, 5, 5, 2]))).toBe(1)
    expect(argmax(f32([Number.NaN, 1, 0]))).toBe(1)
  })

  it('fails with a typed error when nothing can be chosen', () => {
    expect(() => argmax(f32([NEG, NEG]))).toThrow(SamplingError)
  })
})

describe('softmax and sampleFromScores', () => {
  it('normalises exp(scores)', () => {
    const probabilities = softmax(f32([0, Math.log(3), NEG]))
    expect(probabilities[0]).toBeCloseTo(0.25, 6)
    expect(probabilities[1]).toBeCloseTo(0.75, 6)
    expect(probabilities[2]).toBe(0)
  })

  it.each([
    [0, 0],
    [0.2, 0],
    [0.26, 1],
    [0.999999, 1]
  ])('u = %s picks id %s from probabilities [0.25, 0.75]', (u, expected) => {
    expect(sampleFromScores(f32([0, Math.log(3)]), fixedRng(u))).toBe(expected)
  })

  it('never picks a removed (-inf) id', () => {
    expect(sampleFromScores(f32([NEG, 0, NEG]), fixedRng(0.9999999))).toBe(1)
    expect(sampleFromScores(f32([0, NEG]), fixedRng(0.9999999))).toBe(0)
  })

  it('follows the distribution for a seeded generator', () => {
    const scores = f32([0.5, 0.3, 0.2].map(Math.log))
    const rng = createRng(7)
    const counts = [0, 0, 0]
    for (let i = 0; i < 6000; i += 1) counts[sampleFromScores(scores, rng)] += 1
    expect(counts.map((count) => count / 6000)).toEqual([
      expect.closeTo(0.5, 1.5),
      expect.closeTo(0.3, 1.5),
      expect.closeTo(0.2, 1.5)
    ])
  })
})
