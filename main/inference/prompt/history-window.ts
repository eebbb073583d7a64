// Which earlier turns fit the 6144-token history window, counted the seed's way (MODEL-SPEC §7.1):
// newest pair first, role and content tokenised separately with special strings as plain text,
// `<ImageHere>` as its literal BPE tokens, the current query not counted; stop at the first pair
// that does not fit. Our one change: a turn carrying media is always kept, even outside the window,
// so the image slots in the prompt always match the images sent (the seed crashes instead). Such a
// turn is kept in its place and does not change which text-only turns the window keeps.
import type { QwenTokenizer } from '../tokenizer'
import { partsToText, turnQueryParts, type PromptTurn } from './prompt-turn'

export const MAX_WINDOW_SIZE = 6144

/** im_start, im_end and "\n" are one token each. */
const CONTROL = 1

function roleContentLength(tokenizer: QwenTokenizer, role: string, content: string): number {
  const plain = { allowSpecial: false }
  return tokenizer.encode(role, plain).length + CONTROL + tokenizer.encode(content, plain).length
}

/** Tokens of `<|im_start|>{role}\n{content}<|im_end|>` as the seed counts them. */
function messageLength(tokenizer: QwenTokenizer, role: string, content: string): number {
  return CONTROL + roleContentLength(tokenizer, role, content) + CONTROL
}

/**
 * Indexes of the `history` turns to keep, oldest first. `history` excludes the turn being
 * answered; every turn in it has a response.
 */
export function selectHistoryTurns(
  tokenizer: QwenTokenizer,
  system: string,
  history: readonly PromptTurn[],
  maxWindowSize: number = MAX_WINDOW_SIZE
): number[] {
  const systemLength = messageLength(tokenizer, 'system', system)
  const kept = new Set<number>()
  let keptLength = 0
  for (let index = history.length - 1; index >= 0; index -= 1) {
    const turn = history[index]
    const pairLength =
      CONTROL +
      messageLength(tokenizer, 'user', partsToText(turnQueryParts(turn))) +
      CONTROL +
      messageLength(tokenizer, 'assistant', turn.response ?? '')
    if (systemLength + pairLength + keptLength >= maxWindowSize) break
    kept.add(index)
    keptLength += pairLength
  }
  history.forEach((turn, index) => {
    if (turn.media.length > 0) kept.add(index)
  })
  return [...kept].sort((a, b) => a - b)
}
