// The composer's slash commands, after the seed CLI's colon commands (:help, :clear, :clh, :his,
// :img, :seed, :conf, :reset-conf). Pure parsing; the store carries them out. `/conf` and `/seed`
// use the contract's one option parser, the same as `mpp chat`'s `:conf`.
import {
  parseConf,
  parseOptionText,
  type GenerationOptions,
  type OptionRefusal
} from '../../../preload/contract/generation-options'

export type SlashCommand =
  | { kind: 'help' }
  | { kind: 'clear' }
  | { kind: 'clear-history' }
  | { kind: 'history' }
  | { kind: 'images' }
  | { kind: 'seed'; value: number | null }
  | { kind: 'conf'; patch: Partial<GenerationOptions> }
  | { kind: 'reset-conf' }
  /** A known command with a bad argument. */
  | { kind: 'error'; refusal: OptionRefusal }
  /** `/word` that is no command: said so, never sent to the model. */
  | { kind: 'unknown'; name: string }
  /** `//text`: the text `/text` as an ordinary question. */
  | { kind: 'literal'; text: string }

export const SLASH_COMMANDS = [
  '/help',
  '/clear',
  '/clh',
  '/his',
  '/img',
  '/seed',
  '/conf',
  '/reset-conf'
] as const

/** A first word that reads as a command: a slash and a name, not a path such as /home/x.jpg. */
const COMMAND_WORD = /^\/[\p{L}\p{N}_-]+$/u

/** The command typed, or null when the text is an ordinary question. */
export function parseSlashCommand(text: string): SlashCommand | null {
  const trimmed = text.trim()
  if (trimmed.startsWith('//')) return { kind: 'literal', text: trimmed.slice(1) }
  if (!trimmed.startsWith('/')) return null
  const [name, ...args] = trimmed.split(/\s+/)
  switch (name.toLowerCase()) {
    case '/help':
      return { kind: 'help' }
    case '/clear':
      return { kind: 'clear' }
    case '/clh':
      return { kind: 'clear-history' }
    case '/his':
      return { kind: 'history' }
    case '/img':
      return { kind: 'images' }
    case '/seed': {
      if (args.length === 0) return { kind: 'seed', value: null }
      const parsed = parseOptionText('seed', args[0])
      return parsed.ok
        ? { kind: 'seed', value: parsed.value }
        : { kind: 'error', refusal: parsed.refusal }
    }
    case '/conf': {
      const parsed = parseConf(args)
      return parsed.ok
        ? { kind: 'conf', patch: parsed.value }
        : { kind: 'error', refusal: parsed.refusal }
    }
    case '/reset-conf':
      return { kind: 'reset-conf' }
    default:
      return COMMAND_WORD.test(name) ? { kind: 'unknown', name } : null
  }
}
