// A refused generation option in the user's language: English shows the contract's own words
// (the same at every front door); other languages translate the same sentence from its pieces.
import type { OptionRefusal } from '../../../preload/contract/generation-options'

export function refusalText(
  t: (key: string, values?: Record<string, unknown>) => string,
  refusal: OptionRefusal
): string {
  return t(`optionRefusal.${refusal.template}`, { ...refusal.params, message: refusal.message })
}
