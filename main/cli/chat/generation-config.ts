// `:conf` and `:seed` for `mpp chat`: the contract's one `key=value` parser (the seed's snake_case
// names), so a bad value is refused with the same words as in the app; all or nothing.
import {
  GENERATION_OPTION_KEYS,
  GENERATION_OPTION_SPECS,
  parseConf,
  parseOptionText,
  type GenerationOptions
} from '../../../preload/contract/generation-options'
import { ChatError } from './chat-error'

/** Applies `key=value` pairs to a copy of `options`; all or nothing. */
export function applyConf(
  options: GenerationOptions,
  assignments: readonly string[]
): GenerationOptions {
  const parsed = parseConf(assignments)
  if (!parsed.ok) throw new ChatError('bad-conf', parsed.refusal.message)
  return { ...options, ...parsed.value }
}

export function parseSeed(raw: string): number {
  const parsed = parseOptionText('seed', raw)
  if (!parsed.ok) throw new ChatError('bad-seed', parsed.refusal.message)
  return parsed.value
}

export function formatConf(options: GenerationOptions): string {
  return GENERATION_OPTION_KEYS.map(
    (key) => `  ${GENERATION_OPTION_SPECS[key].name} = ${String(options[key])}`
  ).join('\n')
}
