// Checks generation options against the contract's ranges (preload/contract/generation-options)
// before any work starts, so a bad value fails with the same words as at every other front door
// instead of giving a strange answer.
import { refuseOptions, type GenerationOptions } from '../../../preload/contract/generation-options'
import { EngineError } from '../engine/errors'

export function validateGenerationOptions(o: GenerationOptions): GenerationOptions {
  const refusal = refuseOptions(o)
  if (refusal) throw new EngineError('invalid-options', refusal.message)
  return o
}
