// When generation ends (MODEL-SPEC §8.2): on <|im_end|> or <|im_start|> (not <|endoftext|>), or
// at max new tokens; and which ids form the answer text.
import type { StopReason } from '../engine-api'
import { IM_END_ID, IM_START_ID } from '../tokenizer/qwen-vocab'

export const STOP_TOKEN_IDS: readonly number[] = Object.freeze([IM_END_ID, IM_START_ID])

export function isStopToken(id: number): boolean {
  return id === IM_END_ID || id === IM_START_ID
}

/**
 * Why generation ends after emitting `id` as the `generatedCount`-th new token, or null to go on.
 * A stop id wins over the limit when both apply.
 */
export function stopReasonAfter(
  id: number,
  generatedCount: number,
  maxNewTokens: number
): Exclude<StopReason, 'cancelled'> | null {
  if (isStopToken(id)) return 'stop-token'
  if (generatedCount >= maxNewTokens) return 'max-new-tokens'
  return null
}

/**
 * The answer's ids: everything before the first stop id. Unlike the seed, which drops the last
 * token when no stop id appears (a loop quirk, §8.2), all ids are kept then, so the final text
 * equals what was streamed.
 */
export function answerIds(ids: readonly number[]): number[] {
  const stop = ids.findIndex(isStopToken)
  return stop < 0 ? [...ids] : ids.slice(0, stop)
}
