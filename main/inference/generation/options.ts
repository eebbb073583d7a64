// Checks generation options against the ranges the seed's demos allow (MODEL-SPEC §8.1) before
// any work starts, so a bad value fails with a readable message instead of a strange answer.
import type { GenerationOptions } from '../engine-api'
import { EngineError } from '../engine-errors'

export const MAX_BEAMS = 10

export function validateGenerationOptions(o: GenerationOptions): GenerationOptions {
  const fail = (what: string): never => {
    throw new EngineError('INVALID_OPTIONS', `invalid generation option: ${what}`)
  }
  if (!(o.temperature > 0) || !Number.isFinite(o.temperature)) {
    fail(`temperature must be > 0 (got ${o.temperature})`)
  }
  if (!Number.isInteger(o.topK) || o.topK < 0) fail(`top-k must be an integer >= 0 (got ${o.topK})`)
  if (!(o.topP > 0 && o.topP <= 1)) fail(`top-p must be in (0, 1] (got ${o.topP})`)
  if (!(o.repetitionPenalty > 0) || !Number.isFinite(o.repetitionPenalty)) {
    fail(`repetition penalty must be > 0 (got ${o.repetitionPenalty})`)
  }
  if (!Number.isInteger(o.numBeams) || o.numBeams < 1 || o.numBeams > MAX_BEAMS) {
    fail(`num-beams must be an integer from 1 to ${MAX_BEAMS} (got ${o.numBeams})`)
  }
  if (!Number.isInteger(o.maxNewTokens) || o.maxNewTokens < 1) {
    fail(`max-new-tokens must be an integer >= 1 (got ${o.maxNewTokens})`)
  }
  if (!Number.isSafeInteger(o.seed) || o.seed < 0)
    fail(`seed must be an integer >= 0 (got ${o.seed})`)
  return o
}
