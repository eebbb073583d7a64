// The one check of the CLI's whole-number flags (--runs, --count, --steps, --requests): digits
// only, so that "1e3", "0x10", " 5" or "2.0" are refused rather than read as numbers.
import { defineError } from '../shared/errors'

export const FlagError = defineError('FlagError', ['INVALID_ARGUMENT'])

/** `text` as a whole number of at least `min`, or a FlagError naming `flag` and the text given. */
export function wholeNumberFlag(flag: string, text: string, min = 1): number {
  const value = Number(text)
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min) {
    throw new FlagError(
      'INVALID_ARGUMENT',
      `${flag} expects a whole number >= ${min}, got "${text}"`
    )
  }
  return value
}
