// HF 4.39 logits processors on small hand-computed vectors.
import { describe, expect, it } from 'vitest'
import {
  applyRepetitionPenalty,
  applyTemperature,
  applyTopK,
  applyTopP,
  maskPaddingRows
} from '../../../main/inference/generation/logits-processors'

const NEG = Number.NEGATIVE_INFINITY
const f32 = (values: number[]): Float32Array => Float32Array.from(values)
const kept = (scores: Float32Array): number[] =>
  Array.from(scores.keys()).filter((id) => scores[id] !== NEG)

describe('maskPaddingRows', () => {
  it('sets ids 151851.. of a 151936-row output to -inf and leaves the rest', () => {
    const scores = new Float32Array(151936).fill(1)
    maskPaddingRows(scores)
    expect(scores[151850]).toBe(1)
    expect(scores[151851]).toBe(NEG)
    expect(scores[151935]).toBe(NEG)
    expect(scores.subarray(151851).every((value) => value === NEG)).toBe(true)
  })
})

describe('applyRepetitionPenalty', () => {
  it('divides positive and multiplies negative scores, once per distinct id', () => {
    const scores = f32([2, -2, 0.5, 1, -1])
    applyRepetitionPenalty(scores, [0, 1, 1, 3, 1], 2)
    expect(Array.from(scores)).toEqual([1, -4, 0.5, 0.5, -1])
  })

  it('computes in float32 like torch (numpy float32 reference)', () => {
    const scores = f32([1, -0.7])
    applyRepetitionPenalty(scores, [0, 1], 1.1)
    expect(Array.from(scores)).toEqual([0.9090908765792847, -0.7699999809265137])
  })

  it('is a no-op at penalty 1', () => {
    const scores = f32([2, -2])
    applyRepetitionPenalty(scores, [0, 1], 1)
    expect(Array.from(scores)).toEqual([2, -2])
  })
})

describe('applyTemperature', () => {
  it('divides every score', () => {
    const scores = f32([1, -2, 0.5])
    applyTemperature(scores, 0.5)
    expect(Array.from(scores)).toEqual([2, -4, 1])
  })
})

describe('applyTopK', () => {
  it('keeps the k largest', () => {
    const scores = f32([1, 3, 2, 0, 2.5])
    applyTopK(scores, 2)
    expect(kept(scores)).toEqual([1, 4])
  })

  it('keeps every score tied with the k-th', () => {
    const scores = f32([1, 3, 3, 3])
    applyTopK(scores, 2)
    expect(kept(scores)).toEqual([1, 2, 3])
  })

  it('is off at k = 0 and when k covers the vocabulary', () => {
    const scores = f32([1, 3, 2])
    applyTopK(scores, 0)
    applyTopK(scores, 5)
    expect(Array.from(scores)).toEqual([1, 3, 2])
  })

  it('raises k to minTokensToKeep', () => {
    const scores = f32([1, 3, 2])
    applyTopK(scores, 1, 2)
    expect(kept(scores)).toEqual([1, 2])
  })
})

describe('applyTopP', () => {
  // Probabilities 0.5, 0.3, 0.15, 0.05; ascending cumulative sums 0.05, 0.2, 0.5, 1.0.
  const probabilities = (): Float32Array => f32([0.5, 0.3, 0.15, 0.05].map(Math.log))

  it.each([
    [0.9, [0, 1, 2]], // remove cumulative <= 0.1: only 0.05
    [0.75, [0, 1]], // remove <= 0.25: 0.05 and 0.2
    [0.3, [0]], // remove <= 0.7: 0.05, 0.2, 0.5
    [0.01, [0]] // everything but the most likely (min_tokens_to_keep = 1)
  ])('top-p %s keeps %j', (topP, expected) => {
    const scores = probabilities()
    applyTopP(scores, topP)
    expect(kept(scores)).toEqual(expected)
  })

  it('keeps minTokensToKeep even when p removes them', () => {
    const scores = probabilities()
    applyTopP(scores, 0.01, 2)
    expect(kept(scores)).toEqual([0, 1])
  })

  it('orders equal scores by id (lower ids removed first)', () => {
    const scores = f32([0, 0, 0, 0])
    applyTopP(scores, 0.5) // cumulative 0.25, 0.5 <= 0.5 removed
    expect(kept(scores)).toEqual([2, 3])
  })

  it('ignores already removed tokens and is off at p = 1', () => {
    const scores = f32([NEG, Math.log(0.5), NEG, Math.log(0.5)])
    applyTopP(scores, 1)
    expect(kept(scores)).toEqual([1, 3])
    applyTopP(scores, 0.4) // id 1: cumulative 0.5 <= 0.6, removed; id 3 is the last, kept
    expect(kept(scores)).toEqual([3])
  })
})
