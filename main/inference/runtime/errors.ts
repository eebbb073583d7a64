// Typed failures of the runtime (stages, embeddings, vision): codes callers branch on.
import { MppError } from '../errors'

export type RuntimeErrorCode =
  | 'image-count-mismatch'
  | 'bad-token'
  | 'bad-input'
  | 'unknown-sequence'
  | 'context-overflow'
  | 'unsupported'
  | 'disposed'

export class RuntimeError extends MppError {
  constructor(
    override readonly code: RuntimeErrorCode,
    message: string,
    options?: { cause?: unknown }
  ) {
    super(code, message, options)
  }
}
