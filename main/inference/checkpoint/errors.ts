// Typed failures of the checkpoint readers and writers. Every message names the file, so a user
// who points the converter at the wrong download sees which one and why.
import { MppError } from '../errors'

export type CheckpointErrorCode =
  | 'not-found'
  | 'unrecognized-format'
  | 'truncated'
  | 'corrupt-zip'
  | 'unsupported-zip'
  | 'bad-pickle'
  | 'unknown-global'
  | 'no-state-dict'
  | 'bad-tensor'
  | 'unknown-tensor'
  | 'bad-header'
  | 'bad-index'
  | 'bad-config'
  | 'unsupported-dtype'
  | 'write-failed'

export class CheckpointError extends MppError {
  constructor(
    override readonly code: CheckpointErrorCode,
    message: string,
    options?: { cause?: unknown }
  ) {
    super(code, message, options)
  }
}
