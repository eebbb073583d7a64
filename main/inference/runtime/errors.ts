// Typed failures of the runtime (stages, embeddings, vision): codes callers branch on.
import { defineError } from '../../shared/errors'

export const RuntimeError = defineError('RuntimeError', [
  'IMAGE_COUNT_MISMATCH',
  'BAD_TOKEN',
  'BAD_INPUT',
  'UNKNOWN_SEQUENCE',
  'CONTEXT_OVERFLOW',
  'UNSUPPORTED',
  'NO_KEPT_LOGITS',
  'DISPOSED'
])
export type RuntimeError = InstanceType<typeof RuntimeError>
