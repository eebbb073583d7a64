// Qwen's tokenizer (MODEL-SPEC §6) over the `tiktoken` WASM encoder: NFC, the Qwen regex, the 208
// specials, encode with or without special-token parsing, and byte-exact decode with Python's
// UTF-8 errors="replace". One instance per vocabulary file, cached, since loading takes ~0.5 s.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { Tiktoken } from 'tiktoken/lite'
import { TokenizerError } from './errors'
import {
  ENDOFTEXT_ID,
  IMAGE_SLOT_ID,
  IM_END_ID,
  IM_START_ID,
  QWEN_PATTERN,
  VOCAB_SIZE,
  checkRankFile,
  specialTokenIds
} from './qwen-vocab'

export interface EncodeOptions {
  /** true: special token strings become their ids; false: they are encoded as plain text. */
  readonly allowSpecial: boolean
}

export interface QwenSpecialIds {
  readonly endOfText: number
  readonly imStart: number
  readonly imEnd: number
  readonly imageSlot: number
}

const cache = new Map<string, QwenTokenizer>()

export class QwenTokenizer {
  readonly specialIds: QwenSpecialIds = Object.freeze({
    endOfText: ENDOFTEXT_ID,
    imStart: IM_START_ID,
    imEnd: IM_END_ID,
    imageSlot: IMAGE_SLOT_ID
  })
  /** Number of ids with a token (BPE ranks plus specials); larger ids are padding rows. */
  readonly vocabSize = VOCAB_SIZE

  private constructor(
    private readonly encoder: Tiktoken,
    readonly vocabPath: string
  ) {}

  /** Loads (once per resolved path) the `qwen.tiktoken` rank file at `path`. */
  static fromFile(path: string): QwenTokenizer {
    const key = resolve(path)
    const cached = cache.get(key)
    if (cached !== undefined) return cached
    let text: string
    try {
      text = readFileSync(key, 'utf8')
    } catch (error) {
      throw new TokenizerError(
        'VOCAB_NOT_FOUND',
        `cannot read the vocabulary ${key}: ${String(error)}`,
        {
          cause: error
        }
      )
    }
    checkRankFile(text, key)
    const tokenizer = new QwenTokenizer(new Tiktoken(text, specialTokenIds(), QWEN_PATTERN), key)
    cache.set(key, tokenizer)
    return tokenizer
  }

  encode(text: string, options: EncodeOptions): number[] {
    const normalized = text.normalize('NFC')
    const ids = options.allowSpecial
      ? this.encoder.encode(normalized, 'all')
      : this.encoder.encode_ordinary(normalized)
    return Array.from(ids)
  }

  /** The concatenated bytes of `ids`; throws for ids that have no token. */
  decodeBytes(ids: readonly number[]): Uint8Array {
    for (const id of ids) this.checkId(id)
    return this.encoder.decode(Uint32Array.from(ids))
  }

  /** Text of `ids`, invalid UTF-8 replaced by U+FFFD exactly as Python's errors="replace". */
  decode(ids: readonly number[]): string {
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(this.decodeBytes(ids))
  }

  /** Bytes of one token (a special token's bytes are its literal string). */
  tokenBytes(id: number): Uint8Array {
    this.checkId(id)
    return this.encoder.decode_single_token_bytes(id)
  }

  private checkId(id: number): void {
    if (!Number.isInteger(id) || id < 0 || id >= VOCAB_SIZE) {
      throw new TokenizerError(
        'UNKNOWN_TOKEN_ID',
        `token id ${id} is not in the Qwen vocabulary (valid ids are 0..${VOCAB_SIZE - 1})`
      )
    }
  }
}
