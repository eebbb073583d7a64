// The typed error every handler throws for an expected failure; the router turns it into an
// error envelope with the same code. Anything else becomes INTERNAL without leaking internals.
import type { ApiErrorCode, FileProblemData } from '../../preload/contract/errors'
import { MppError } from '../inference/errors'

export class ApiError extends MppError {
  constructor(
    override readonly code: ApiErrorCode,
    message: string,
    options?: { cause?: unknown; file?: FileProblemData }
  ) {
    super(code, message, options)
    this.file = options?.file
  }

  /** Why an added file cannot be used (file errors only). */
  readonly file?: FileProblemData
}
