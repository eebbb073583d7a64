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

export interface ApiErrorData {
  readonly code: ApiErrorCode
  readonly message: string
}

export type Envelope<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiErrorData }
