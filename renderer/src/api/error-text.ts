// Failures in the user's words: a file's problem from the catalogue (never the server's wording,
// which names stored files and libraries), and other server errors by their code in Chinese mode
// (English mode keeps the server's own, more specific sentence).
import type { ApiErrorCode } from '../../../preload/contract/errors'
import { AppError } from './app-error'

type Translate = (key: string, values?: Record<string, unknown>) => string

const JPEG = /\.jpe?g$/i

/** Why the file `name` could not be added, in the current language. */
export function fileErrorText(
  error: unknown,
  name: string,
  t: Translate,
  language: 'en' | 'zh'
): string {
  if (!(error instanceof AppError)) return t('files.problems.unreadable', { name })
  const file = error.file
  if (!file) return errorText(error, t, language)
  if (file.problem === 'truncated' && JPEG.test(name)) {
    return t('files.problems.truncatedJpeg', { name })
  }
  return t(`files.problems.${file.problem}`, { name, limit: file.limit })
}

const CODE_KEYS: Readonly<Record<ApiErrorCode, string>> = {
  UNKNOWN_ROUTE: 'serverErrors.internal',
  BAD_INPUT: 'serverErrors.badInput',
  FORBIDDEN: 'serverErrors.forbidden',
  NOT_FOUND: 'serverErrors.notFound',
  BUSY: 'serverErrors.busy',
  NO_MODEL: 'serverErrors.noModel',
  UNREADABLE_FILE: 'serverErrors.unreadableFile',
  UNSUPPORTED_FILE: 'serverErrors.unsupportedFile',
  HOST_ERROR: 'serverErrors.hostError',
  EXPORT_FAILED: 'serverErrors.exportFailed',
  UNAVAILABLE: 'serverErrors.unavailable',
  INTERNAL: 'serverErrors.internal'
}

/** A failed action's message in `language`. */
export function errorText(error: unknown, t: Translate, language: 'en' | 'zh'): string {
  if (error instanceof AppError) {
    if (language === 'en') return error.message
    return t(CODE_KEYS[error.code])
  }
  return error instanceof Error ? error.message : String(error)
}
