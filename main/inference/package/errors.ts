// Typed failures when opening a model package: each names the package file at fault.
import { MppError } from '../errors'

export type PackageErrorCode =
  | 'not-a-package'
  | 'bad-manifest'
  | 'missing-file'
  | 'size-mismatch'
  | 'hash-mismatch'
  | 'unknown-tensor'

export class PackageError extends MppError {
  constructor(
    override readonly code: PackageErrorCode,
    message: string,
    options?: { cause?: unknown }
  ) {
    super(code, message, options)
  }
}
