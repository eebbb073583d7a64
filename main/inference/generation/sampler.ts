// Picks the next token from processed scores: greedy argmax, or a seeded draw from softmax.
// token-policy.ts chains these after the logits processors.
import { defineError } from '../../shared/errors'
import type { Rng } from './rng'

export const SamplingError = defineError('SamplingError', ['NO_CANDIDATE'])

/** Index of the largest score (the first on ties, as torch.argmax); NaN scores are skipped. */
export function argmax(scores: Float32Array): number {
  let best = -1
  let bestScore = Number.NEGATIVE_INFINITY
  for (let i = 0; i < scores.length; i += 1) {
    if (scores[i] > bestScore) {
      best = i
      bestScore = scores[i]
    }
  }
  if (best < 0)
    throw new SamplingError(
      'NO_CANDIDATE',
      'every score is -inf or NaN; the model output is unusable'
    )
  return best
}

/** softmax(scores) as float64 probabilities (-inf and NaN get 0). */
export function softmax(scores: Float32Array): Float64Array {
  const probabilities = new Float64Array(scores.length)
  const max = scores[argmax(scores)]
  let total = 0
  for (let i = 0; i < scores.length; i += 1) {
    const weight = scores[i] > Number.NEGATIVE_INFINITY ? Math.exp(scores[i] - max) : 0
    probabilities[i] = weight
    total += weight
  }
  for (let i = 0; i < scores.length; i += 1) probabilities[i] /= total
  return probabilities
}

/** One draw from softmax(scores): the first id whose cumulative probability exceeds u ~ U[0,1). */
export function sampleFromScores(scores: Float32Array, rng: Rng): number {
  const probabilities = softmax(scores)
  const target = rng.nextFloat()
  let cumulative = 0
  let lastPossible = -1
  for (let i = 0; i < probabilities.length; i += 1) {
    if (probabilities[i] === 0) continue
    cumulative += probabilities[i]
    lastPossible = i
    if (cumulative > target) return i
  }
  // Rounding can leave the sum just below u; the last possible id is the right answer then.
  return lastPossible
}
