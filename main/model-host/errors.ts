// Typed errors of the model-host boundary: the closed set of codes the host puts on the wire
// (RemoteErrorCode) and the closed set the client raises to its callers (ModelHostErrorCode).
// Front doors print `message`; code that recovers branches on `code` / `remoteCode`.
import { MppError } from '../shared/errors'

/** Codes the host sends back for a failed request. */
export const REMOTE_ERROR_CODES = [
  'BAD_REQUEST',
  'NOT_LOADED',
  'LOAD_FAILED',
  'GENERATE_FAILED',
  'ENCODE_FAILED',
  'DEVICES_FAILED',
  'CANCELLED',
  'INTERNAL'
] as const
export type RemoteErrorCode = (typeof REMOTE_ERROR_CODES)[number]

/**
 * Codes the client raises.
 * - START_FAILED: the host did not start or did not say ready in time.
 * - EXITED: the host died and the call could not be replayed (e.g. after dispose began).
 * - PROTOCOL_ERROR: a frame failed validation (version or shape).
 * - REMOTE_ERROR: the host answered with an error; see `remoteCode`.
 * - CIRCUIT_OPEN: the host failed repeatedly; restarts stopped until `restart()`.
 * - DISPOSED: the client was disposed.
 */
export const MODEL_HOST_ERROR_CODES = [
  'START_FAILED',
  'EXITED',
  'PROTOCOL_ERROR',
  'REMOTE_ERROR',
  'CIRCUIT_OPEN',
  'DISPOSED'
] as const
export type ModelHostErrorCode = (typeof MODEL_HOST_ERROR_CODES)[number]

export class ModelHostError extends MppError {
  declare readonly code: ModelHostErrorCode
  /** Set when code is REMOTE_ERROR. */
  readonly remoteCode: RemoteErrorCode | undefined
  /** The engine's own MppError code, when the host forwarded one. */
  readonly engineCode: string | undefined

  constructor(
    code: ModelHostErrorCode,
    message: string,
    options?: { cause?: unknown; remoteCode?: RemoteErrorCode; engineCode?: string }
  ) {
    super(code, message, options)
    this.remoteCode = options?.remoteCode
    this.engineCode = options?.engineCode
  }
}
