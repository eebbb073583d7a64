// Typed failures of `mpp convert`: each message names the file or tensor at fault.
import { defineError } from '../../shared/errors'

export const ConvertError = defineError('ConvertError', [
  'BAD_ARCH',
  'BAD_OPTION',
  'MISSING_TENSOR',
  'BAD_SHAPE',
  'BAD_SOURCE',
  'OUT_EXISTS',
  'MISSING_TOKENIZER',
  'WRITE_FAILED'
])
export type ConvertError = InstanceType<typeof ConvertError>
