// Error codes and the serialised error shape every renderer -> main request may answer with.
// Handlers never throw across the boundary: the router turns failures into these envelopes.

export const API_ERROR_CODES = [
  'UNKNOWN_ROUTE',
  'BAD_INPUT',
  'FORBIDDEN',
  'NOT_FOUND',
  'BUSY',
  'NO_MODEL',
  'UNREADABLE_FILE',
  'UNSUPPORTED_FILE',
  'HOST_ERROR',
  'EXPORT_FAILED',
  'UNAVAILABLE',
  'INTERNAL'
] as const

export type ApiErrorCode = (typeof API_ERROR_CODES)[number]

/** Why an added file cannot be used, so the renderer can say it in the user's own language. */
export const FILE_PROBLEMS = [
  'empty',
  'truncated',
  'too-many-pixels',
  'too-large',
  'no-video-track',
  'not-media',
  'unreadable'
] as const

export type FileProblem = (typeof FILE_PROBLEMS)[number]

export interface FileProblemData {
  readonly problem: FileProblem
  /** The limit that was passed: megapixels for too-many-pixels, megabytes for too-large. */
  readonly limit?: number
}

export interface ApiErrorData {
  readonly code: ApiErrorCode
  readonly message: string
  /** Present on UNREADABLE_FILE and UNSUPPORTED_FILE errors of an added file. */
  readonly file?: FileProblemData
}

export type Envelope<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiErrorData }
