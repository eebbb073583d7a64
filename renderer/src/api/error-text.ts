// Failures in the user's words, kept untranslated until shown (lib/notice-text.ts): a file's
// problem from the catalogue (never the server's wording, which names stored files and
// libraries), and other server errors by their code in Chinese mode (English mode keeps the
// server's own, more specific sentence).
import { catalogueText, errorNotice, type NoticeText } from '../lib/notice-text'
import { AppError } from './app-error'

const JPEG = /\.jpe?g$/i

/** Why the file `name` could not be added. */
export function fileErrorNotice(error: unknown, name: string): NoticeText {
  if (!(error instanceof AppError)) return catalogueText('files.problems.unreadable', { name })
  const file = error.file
  if (!file) return errorNotice(error)
  const limit = file.limit ?? 0
  switch (file.problem) {
    case 'truncated':
      return JPEG.test(name)
        ? catalogueText('files.problems.truncatedJpeg', { name })
        : catalogueText('files.problems.truncated', { name })
    case 'too-many-pixels':
      return catalogueText('files.problems.too-many-pixels', { name, limit })
    case 'too-large':
      return catalogueText('files.problems.too-large', { name, limit })
    case 'empty':
    case 'no-video-track':
    case 'not-media':
    case 'unreadable':
      return catalogueText(`files.problems.${file.problem}`, { name })
  }
}
