// The composer's slash commands, after the seed CLI's colon commands (:help, :clear, :clh, :his,
// :img, :seed, :conf, :reset-conf). Pure parsing; the store carries them out.
import type { GenerationOptionsData } from '../../../preload/contract/types'

export type SlashCommand =
  | { kind: 'help' }
  | { kind: 'clear' }
  | { kind: 'clear-history' }
  | { kind: 'history' }
  | { kind: 'images' }
  | { kind: 'seed'; value: number | null }
  | { kind: 'conf'; patch: Partial<GenerationOptionsData> }
  | { kind: 'reset-conf' }
  | { kind: 'error'; message: string }

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

const OPTION_KEYS: Record<string, keyof GenerationOptionsData> = {
  do_sample: 'doSample',
  num_beams: 'numBeams',
  temperature: 'temperature',
  top_k: 'topK',
  top_p: 'topP',
  repetition_penalty: 'repetitionPenalty',
  max_new_tokens: 'maxNewTokens',
  seed: 'seed'
}

function parseConf(args: string[]): SlashCommand {
  const patch: Record<string, number | boolean> = {}
  for (const arg of args) {
    const [rawKey, rawValue] = arg.split('=')
    const key = OPTION_KEYS[rawKey?.toLowerCase() ?? '']
    if (!key || rawValue === undefined || rawValue === '') {
      return { kind: 'error', message: `"${arg}" is not key=value with a known key` }
    }
    if (key === 'doSample') {
      if (!/^(true|false)$/i.test(rawValue))
        return { kind: 'error', message: `do_sample takes true or false` }
      patch[key] = rawValue.toLowerCase() === 'true'
    } else {
      const value = Number(rawValue)
      if (!Number.isFinite(value)) return { kind: 'error', message: `${rawKey} takes a number` }
      patch[key] = value
    }
  }
  return { kind: 'conf', patch: patch as Partial<GenerationOptionsData> }
}

/** The command typed, or null when the text is an ordinary question. */
export function parseSlashCommand(text: string): SlashCommand | null {
  const trimmed = text.trim()
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
      const value = Number(args[0])
      if (!Number.isInteger(value) || value < 0)
        return { kind: 'error', message: 'The seed is a whole number ≥ 0' }
      return { kind: 'seed', value }
    }
    case '/conf':
      return parseConf(args)
    case '/reset-conf':
      return { kind: 'reset-conf' }
    default:
      return null
  }
}
