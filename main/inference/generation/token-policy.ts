// How one decode step turns logits into a token: the processors that edit the scores
// (padding-row mask, repetition penalty over the generated ids) and the chooser (greedy, or
// temperature -> top-k -> top-p -> seeded draw), in Hugging Face 4.39 order. The loops in
// decode-loop.ts and beam-search.ts only talk to the TokenPolicy interface.
import type { GenerationOptions } from '../engine-api'
import {
  applyRepetitionPenalty,
  applyTemperature,
  applyTopK,
  applyTopP,
  maskPaddingRows
} from './logits-processors'
import { createRng } from './rng'
import { argmax, sampleFromScores } from './sampler'

export interface TokenPolicy {
  /** Edits `scores` in place; `generated` are this sequence's tokens so far (not the prompt). */
  process(scores: Float32Array, generated: readonly number[]): void
  /** Picks the next token from processed scores. */
  choose(scores: Float32Array): number
}

/**
 * The policy for `options`; its random generator is seeded once per call, so the same seed and
 * inputs give the same tokens. The penalty covers generated ids only: the seed generates from
 * inputs_embeds, so Hugging Face's input_ids start empty.
 */
export function createTokenPolicy(options: GenerationOptions): TokenPolicy {
  const rng = createRng(options.seed)
  return {
    process(scores, generated) {
      maskPaddingRows(scores)
      applyRepetitionPenalty(scores, generated, options.repetitionPenalty)
    },
    choose(scores) {
      if (!options.doSample) return argmax(scores)
      applyTemperature(scores, options.temperature)
      applyTopK(scores, options.topK)
      applyTopP(scores, options.topP)
      return sampleFromScores(scores, rng)
    }
  }
}
