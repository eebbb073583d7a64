// How one decode step turns logits into a token: the processors that edit the scores
// (padding-row mask, repetition penalty over the generated ids) and the chooser (greedy, or
// temperature -> top-k -> top-p -> seeded draw), in Hugging Face 4.39 order. The loops in
// decode-loop.ts and beam-search.ts only talk to the TokenPolicy interface. Greedy decoding can
// also choose from a step's top-K scores (top-logits.ts), with the same processors applied per id.
import type { GenerationOptions } from '../engine-api'
import { VOCAB_SIZE } from '../tokenizer/qwen-vocab'
import {
  applyRepetitionPenalty,
  penalized,
  applyTemperature,
  applyTopK,
  applyTopP,
  maskPaddingRows
} from './logits-processors'
import { createRng } from './rng'
import { argmax, sampleFromScores } from './sampler'
import { greedyFromTop, type TopLogits } from './top-logits'

export interface TokenPolicy {
  /** Edits `scores` in place; `generated` are this sequence's tokens so far (not the prompt). */
  process(scores: Float32Array, generated: readonly number[]): void
  /** Picks the next token from processed scores. */
  choose(scores: Float32Array): number
  /**
   * Greedy only: the next token from a step's top-K raw scores, or undefined when the K cannot
   * decide it (then process + choose run on the full logits). Absent when sampling.
   */
  readonly chooseFromTop?: (top: TopLogits, generated: readonly number[]) => number | undefined
}

/**
 * The policy for `options`; its random generator is seeded once per call, so the same seed and
 * inputs give the same tokens. The penalty covers generated ids only: the seed generates from
 * inputs_embeds, so Hugging Face's input_ids start empty.
 */
export function createTokenPolicy(options: GenerationOptions): TokenPolicy {
  const rng = createRng(options.seed)
  const penalty = options.repetitionPenalty
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
    },
    // The processors above, per id: padding rows to -inf, then the penalty on generated ids.
    // Both only lower a score (the penalty is ≥ 1 by contract), as greedyFromTop requires.
    ...(options.doSample
      ? {}
      : {
          chooseFromTop(top: TopLogits, generated: readonly number[]): number | undefined {
            const seen = penalty === 1 ? undefined : new Set(generated)
            return greedyFromTop(top, (id, raw) => {
              if (id >= VOCAB_SIZE) return Number.NEGATIVE_INFINITY
              return seen?.has(id) === true ? penalized(raw, penalty) : raw
            })
          }
        })
  }
}
