// Typed failures of the Qwen tokenizer: a missing or malformed vocabulary, and token ids that
// have no bytes (the padding rows 151851..151935 of the embedding table, negatives, non-integers).
import { defineError } from '../../shared/errors'

export const TokenizerError = defineError('TokenizerError', [
  'VOCAB_NOT_FOUND',
  'VOCAB_INVALID',
  'UNKNOWN_TOKEN_ID'
])
export type TokenizerError = InstanceType<typeof TokenizerError>
export type TokenizerErrorCode = TokenizerError['code']
