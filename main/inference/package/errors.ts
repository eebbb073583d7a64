// Typed failures when opening a model package: each names the package file at fault.
import { defineError } from '../../shared/errors'

export const PackageError = defineError('PackageError', [
  'NOT_A_PACKAGE',
  'BAD_MANIFEST',
  'MISSING_FILE',
  'SIZE_MISMATCH',
  'HASH_MISMATCH',
  'UNKNOWN_TENSOR'
])
export type PackageError = InstanceType<typeof PackageError>
