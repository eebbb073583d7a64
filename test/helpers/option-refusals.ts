// Out-of-range generation options as a person would type them, each with the refusal written out
// by hand from the ranges the contract documents (MODEL-SPEC §8.1). Every front door's test feeds
// these through its own path and expects exactly these words.
import type { GenerationOptionKey } from '../../preload/contract/generation-options'

export interface RefusalCase {
  /** The option's key, its seed name (for :conf, /conf) and its CLI flag. */
  readonly key: Exclude<GenerationOptionKey, 'doSample'>
  readonly name: string
  readonly flag: string
  /** As typed, and as a number for the routes that take numbers. */
  readonly text: string
  readonly value: number
  readonly message: string
}

export const REFUSAL_CASES: readonly RefusalCase[] = [
  {
    key: 'temperature',
    name: 'temperature',
    flag: '--temperature',
    text: '9',
    value: 9,
    message: 'temperature must be a number from 0.1 to 2 (got 9)'
  },
  {
    key: 'numBeams',
    name: 'num_beams',
    flag: '--num-beams',
    text: '11',
    value: 11,
    message: 'num_beams must be a whole number from 1 to 10 (got 11)'
  },
  {
    key: 'topP',
    name: 'top_p',
    flag: '--top-p',
    text: '0',
    value: 0,
    message: 'top_p must be a number from 0.1 to 1 (got 0)'
  },
  {
    key: 'topK',
    name: 'top_k',
    flag: '--top-k',
    text: '2.5',
    value: 2.5,
    message: 'top_k must be a whole number from 0 to 100 (got 2.5)'
  },
  {
    key: 'maxNewTokens',
    name: 'max_new_tokens',
    flag: '--max-new-tokens',
    text: '0',
    value: 0,
    message: 'max_new_tokens must be a whole number from 1 to 8192 (got 0)'
  }
]
