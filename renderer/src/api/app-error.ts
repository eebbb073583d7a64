// The error a failed request rejects with in the renderer: the envelope's code, message and, for
// an added file, the problem with it.
import type { ApiErrorCode, FileProblemData } from '../../../preload/contract/errors'

export class AppError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    /** Why an added file cannot be used, when the error is about one. */
    readonly file?: FileProblemData
  ) {
    super(message)
    this.name = 'AppError'
  }
}
