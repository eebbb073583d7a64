// Failures in the user's words: a file's problem from the catalogue (never the server's wording,
// which names stored files and libraries), and other server errors by their code in Chinese mode
// (English mode keeps the server's own, more specific sentence).
import { errorNotice, showText } from '../lib/notice-text'
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

/** A failed action's message in `language`. */
export function errorText(error: unknown, t: Translate, language: 'en' | 'zh'): string {
  return showText(errorNotice(error), t, language)
}
