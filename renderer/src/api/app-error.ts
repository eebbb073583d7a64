// The error a failed request rejects with in the renderer: the envelope's code and message.
import type { ApiErrorCode } from '../../../preload/contract/errors'

export class AppError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string
  ) {
    super(message)
    this.name = 'AppError'
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
