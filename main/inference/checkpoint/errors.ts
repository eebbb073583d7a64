// Typed failures of the checkpoint readers and writers. Every message names the file, so a user
// who points the converter at the wrong download sees which one and why.
import { defineError } from '../../shared/errors'

export const CheckpointError = defineError('CheckpointError', [
  'NOT_FOUND',
  'UNRECOGNIZED_FORMAT',
  'TRUNCATED',
  'CORRUPT_ZIP',
  'UNSUPPORTED_ZIP',
  'BAD_PICKLE',
  'UNKNOWN_GLOBAL',
  'NO_STATE_DICT',
  'BAD_TENSOR',
  'UNKNOWN_TENSOR',
  'BAD_HEADER',
  'BAD_INDEX',
  'BAD_CONFIG',
  'UNSUPPORTED_DTYPE',
  'WRITE_FAILED'
])
export type CheckpointError = InstanceType<typeof CheckpointError>
