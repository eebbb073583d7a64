// Decides which vocabulary file a front door (CLI, host) loads. Today: an explicit file, else the
// copy shipped in resources/tokenizer. A model package source is the planned extension point.
import { resourcePath } from '../resources-path'
import { TokenizerError } from './errors'

export interface VocabSource {
  /** An explicit `qwen.tiktoken` file. */
  readonly vocab?: string
  /** A converted model package folder; its tokenizer file wins over the default. */
  readonly model?: string
}

export function defaultVocabPath(): string {
  return resourcePath('tokenizer', 'qwen.tiktoken')
}

export function resolveVocabPath(source: VocabSource): string {
  if (source.vocab !== undefined) return source.vocab
  if (source.model !== undefined) {
    throw new TokenizerError(
      'VOCAB_NOT_FOUND',
      `reading the vocabulary of model package ${source.model} is not supported yet; pass --vocab`
    )
  }
  return defaultVocabPath()
}
