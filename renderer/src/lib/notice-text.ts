// What a notice says, kept untranslated until it is shown, so that a change of language re-reads
// every notice on screen: a catalogue text with its values, a server error (English shows the
// server's own, more specific sentence; other languages the catalogue's text for its code), a
// refused generation option (translated from its pieces), or a sentence from elsewhere (main's
// notices, a failure without a code) shown as it is.
import type { ApiErrorCode } from '../../../preload/contract/errors'
import type { OptionRefusal } from '../../../preload/contract/generation-options'
import { AppError } from '../api/app-error'
import type { CatalogueMessage, MessageKey, ValuesArgument } from '../i18n/message-key'
import { refusalText } from './refusal-text'

export type NoticeText =
  | ({ readonly kind: 'catalogue' } & CatalogueMessage)
  | { readonly kind: 'server-error'; readonly code: ApiErrorCode; readonly message: string }
  | { readonly kind: 'refusal'; readonly refusal: OptionRefusal }
  | { readonly kind: 'literal'; readonly text: string }

type Translate = (key: string, values?: Record<string, unknown>) => string

/** The catalogue's text `key`, with the values it interpolates. */
export function catalogueText<K extends MessageKey>(
  key: K,
  ...values: ValuesArgument<K>
): NoticeText {
  // TypeScript cannot relate a generic K to its member of the CatalogueMessage union; the
  // signature above is what ties the values to the key.
  return { kind: 'catalogue', key, values: values[0] } as NoticeText
}

/** A sentence from outside the catalogue, shown in every language as it is. */
export function literalText(text: string): NoticeText {
  return { kind: 'literal', text }
}

/** What a failed action's notice says. */
export function errorNotice(error: unknown): NoticeText {
  if (error instanceof AppError) {
    return { kind: 'server-error', code: error.code, message: error.message }
  }
  return literalText(error instanceof Error ? error.message : String(error))
}

const CODE_KEYS: Readonly<Record<ApiErrorCode, MessageKey>> = {
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

/** `text` in `language`, read now. */
export function showText(text: NoticeText, t: Translate, language: 'en' | 'zh'): string {
  switch (text.kind) {
    case 'catalogue':
      return t(text.key, text.values)
    case 'server-error':
      return language === 'en' ? text.message : t(CODE_KEYS[text.code])
    case 'refusal':
      return refusalText(t, text.refusal)
    case 'literal':
      return text.text
  }
}
