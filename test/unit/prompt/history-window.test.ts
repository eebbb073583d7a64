// The 6144-token history window counted the seed's way (MODEL-SPEC §7.1), and our rule that turns
// carrying media are never dropped. Lengths are hand-counted from ids in the shared tiktoken vectors:
// system message = im_start + "system"(1) + "\n" + 6 + im_end = 10 tokens; a pair with query
// "Hello, world! 12345" (10 tokens) and response R tokens = 1 + (1+1+1+10+1) + 1 + (1+1+1+R+1).
import { describe, expect, it } from 'vitest'
import { DEFAULT_SYSTEM_PROMPT } from '../../../main/inference/engine-api'
import {
  buildChatPrompt,
  selectHistoryTurns,
  type PromptTurn
} from '../../../main/inference/prompt'
import { QwenTokenizer, defaultVocabPath } from '../../../main/inference/tokenizer'

const tokenizer = QwenTokenizer.fromFile(defaultVocabPath())
const QUERY = 'Hello, world! 12345'
const SHORT_RESPONSE = 'You are a helpful assistant.' // 6 tokens: pair = 16 + 10 = 26
const pair = (response: string, media: PromptTurn['media'] = []): PromptTurn => ({
  query: QUERY,
  media,
  response
})

describe('selectHistoryTurns', () => {
  const history = [pair(SHORT_RESPONSE), pair(SHORT_RESPONSE), pair(SHORT_RESPONSE)]

  it('keeps pairs while system + pair + kept < window (10 + 26 + 26 = 62 < 63)', () => {
    expect(selectHistoryTurns(tokenizer, DEFAULT_SYSTEM_PROMPT, history, 63)).toEqual([1, 2])
  })

  it('stops at the first pair that does not fit (62 is not < 62)', () => {
    expect(selectHistoryTurns(tokenizer, DEFAULT_SYSTEM_PROMPT, history, 62)).toEqual([2])
    expect(selectHistoryTurns(tokenizer, DEFAULT_SYSTEM_PROMPT, history, 36)).toEqual([])
  })

  it('applies the default 6144 window: two 3020-token pairs fit, a third does not', () => {
    // 3000 digits are 3000 tokens (\p{N} splits digits): pair = 16 + 3004 = 3020.
    const long = '7'.repeat(3000)
    const turns = [pair(long), pair(long), pair(long)]
    expect(selectHistoryTurns(tokenizer, DEFAULT_SYSTEM_PROMPT, turns)).toEqual([1, 2])
  })

  it('counts <Img><ImageHere></Img> as literal text, not 32 slots', () => {
    // Python tiktoken: "<Img><ImageHere></Img>Hello, world! 12345" is 17 plain tokens (">Hello" is
    // one), so the newest pair is 17 + 16 = 33 and the older one fits while 10 + 26 + 33 < W.
    const turns = [pair(SHORT_RESPONSE), pair(SHORT_RESPONSE, [{ kind: 'image' }])]
    expect(selectHistoryTurns(tokenizer, DEFAULT_SYSTEM_PROMPT, turns, 70)).toEqual([0, 1])
    expect(selectHistoryTurns(tokenizer, DEFAULT_SYSTEM_PROMPT, turns, 69)).toEqual([1])
  })

  it('never drops a turn with media, and keeps text turns as the window decides', () => {
    const turns = [
      pair(SHORT_RESPONSE, [{ kind: 'image' }]),
      pair(SHORT_RESPONSE),
      pair(SHORT_RESPONSE)
    ]
    expect(selectHistoryTurns(tokenizer, DEFAULT_SYSTEM_PROMPT, turns, 62)).toEqual([0, 2])
  })
})

describe('buildChatPrompt with a window', () => {
  it('keeps the image turn outside the window so slots match the images', () => {
    const turns: PromptTurn[] = [
      pair(SHORT_RESPONSE, [{ kind: 'image' }]),
      pair(SHORT_RESPONSE),
      pair(SHORT_RESPONSE),
      { query: 'What color?', media: [] }
    ]
    const result = buildChatPrompt(
      tokenizer,
      { system: DEFAULT_SYSTEM_PROMPT, turns },
      { maxWindowSize: 62 }
    )
    expect(result.keptTurns).toEqual([0, 2, 3])
    expect(result.imageSlots).toBe(32)
    expect(result.text.split('<|im_start|>user').length - 1).toBe(3)
  })
})
