// Public face of the tokenizer area: the Qwen tokenizer, its constants and vocabulary lookup.
export { QwenTokenizer, type EncodeOptions, type QwenSpecialIds } from './qwen-tokenizer'
export { TokenizerError, type TokenizerErrorCode } from './errors'
export {
  BPE_RANK_COUNT,
  ENDOFTEXT_ID,
  IMAGE_SLOT_ID,
  IM_END_ID,
  IM_START_ID,
  SPECIAL_TOKENS,
  VOCAB_SIZE
} from './qwen-vocab'
export { defaultVocabPath, resolveVocabPath, type VocabSource } from './vocab-path'
