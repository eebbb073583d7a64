// Typed failures of `mpp convert`: each message names the file or tensor at fault.
import { MppError } from '../errors'

export type ConvertErrorCode =
  | 'bad-arch'
  | 'bad-option'
  | 'missing-tensor'
  | 'bad-shape'
  | 'bad-source'
  | 'out-exists'
  | 'missing-tokenizer'
  | 'write-failed'

export class ConvertError extends MppError {
  constructor(
    override readonly code: ConvertErrorCode,
    message: string,
    options?: { cause?: unknown }
  ) {
    super(code, message, options)
  }
}
