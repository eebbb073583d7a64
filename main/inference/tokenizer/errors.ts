// Typed failures of the Qwen tokenizer: a missing or malformed vocabulary, and token ids that
// have no bytes (the padding rows 151851..151935 of the embedding table, negatives, non-integers).
import { MppError } from '../errors'

export type TokenizerErrorCode = 'vocab-not-found' | 'vocab-invalid' | 'unknown-token-id'

export class TokenizerError extends MppError {
  constructor(
    override readonly code: TokenizerErrorCode,
    message: string,
    options?: { cause?: unknown }
  ) {
    super(code, message, options)
  }
}
