// Typed errors the engine facade raises to its callers (host, CLI, tests).
import { MppError } from '../errors'

export type EngineErrorCode =
  | 'prompt-too-long'
  | 'unloaded'
  | 'bad-request'
  | 'media-mismatch'
  | 'invalid-options'
  | 'stage-failed'

export class EngineError extends MppError {
  declare readonly code: EngineErrorCode
  constructor(code: EngineErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options)
  }
}
