// Typed errors the engine facade raises to its callers (host, CLI, tests).
import { defineError } from '../shared/errors'

export const EngineError = defineError('EngineError', [
  'PROMPT_TOO_LONG',
  'UNLOADED',
  'BAD_REQUEST',
  'MEDIA_MISMATCH',
  'INVALID_OPTIONS',
  'STAGE_FAILED'
])
export type EngineError = InstanceType<typeof EngineError>
