// Facts of Qwen's tiktoken vocabulary (MODEL-SPEC §6): the pre-tokenizer regex, the 208 special
// tokens appended after the 151643 BPE ranks, and the named ids the prompt and generation use.
// Also checks that a rank file has the expected shape before it reaches the WASM encoder, which
// aborts without a useful message on malformed input.
import { TokenizerError } from './errors'

export const QWEN_PATTERN =
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"

export const BPE_RANK_COUNT = 151643
export const SPECIAL_TOKEN_COUNT = 208
/** Ids at or above this (the embedding table's padding rows) have no token. */
export const VOCAB_SIZE = BPE_RANK_COUNT + SPECIAL_TOKEN_COUNT

export const ENDOFTEXT_ID = 151643
export const IM_START_ID = 151644
export const IM_END_ID = 151645
/** `<|extra_0|>`, the slot an image query embedding is written into. */
export const IMAGE_SLOT_ID = 151646

/** Special token strings in id order, starting at BPE_RANK_COUNT. */
export const SPECIAL_TOKENS: readonly string[] = Object.freeze([
  '<|endoftext|>',
  '<|im_start|>',
  '<|im_end|>',
  ...Array.from({ length: SPECIAL_TOKEN_COUNT - 3 }, (_, i) => `<|extra_${i}|>`)
])

export function specialTokenIds(): Record<string, number> {
  const ids: Record<string, number> = {}
  SPECIAL_TOKENS.forEach((token, index) => (ids[token] = BPE_RANK_COUNT + index))
  return ids
}

// The published file has CRLF line ends; tiktoken accepts both.
const RANK_LINE = /^[A-Za-z0-9+/]+={0,2} (\d+)\r?$/

/** Throws unless `text` holds BPE_RANK_COUNT lines `<base64> <rank>` with ranks 0, 1, 2, ... */
export function checkRankFile(text: string, path: string): void {
  let expected = 0
  for (const line of text.split('\n')) {
    if (line === '' || line === '\r') continue
    const match = RANK_LINE.exec(line)
    if (match === null || Number(match[1]) !== expected) {
      throw new TokenizerError(
        'VOCAB_INVALID',
        `${path} is not a Qwen tiktoken vocabulary: line for rank ${expected} reads "${line.slice(0, 40)}"`
      )
    }
    expected += 1
  }
  if (expected !== BPE_RANK_COUNT) {
    throw new TokenizerError(
      'VOCAB_INVALID',
      `${path} is not a Qwen tiktoken vocabulary: expected ${BPE_RANK_COUNT} ranks, found ${expected}`
    )
  }
}
