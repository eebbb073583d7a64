// `:conf` and `:seed` for `mpp chat`: the seed's snake_case option names (max_new_tokens,
// do_sample, ...) mapped onto GenerationOptions, each change validated before it applies.
import type { GenerationOptions } from '../../inference/engine-api'
import { GenerationOptionsSchema } from '../../model-host/protocol'
import { ChatError } from './chat-error'

const KEYS: Record<string, keyof GenerationOptions> = {
  max_new_tokens: 'maxNewTokens',
  do_sample: 'doSample',
  temperature: 'temperature',
  top_k: 'topK',
  top_p: 'topP',
  repetition_penalty: 'repetitionPenalty',
  num_beams: 'numBeams',
  seed: 'seed'
}

const SNAKE = Object.fromEntries(Object.entries(KEYS).map(([snake, camel]) => [camel, snake]))

function parseValue(key: keyof GenerationOptions, raw: string): boolean | number {
  if (key === 'doSample') {
    const lower = raw.toLowerCase()
    if (['true', '1', 'yes'].includes(lower)) return true
    if (['false', '0', 'no'].includes(lower)) return false
    throw new ChatError('BAD_CONF', `do_sample must be true or false, not "${raw}"`)
  }
  const value = Number(raw)
  if (raw.trim() === '' || !Number.isFinite(value)) {
    throw new ChatError('BAD_CONF', `${SNAKE[key]} must be a number, not "${raw}"`)
  }
  return value
}

/** Applies `key=value` pairs to a copy of `options`; all or nothing. */
export function applyConf(
  options: GenerationOptions,
  assignments: readonly string[]
): GenerationOptions {
  const next: Record<string, unknown> = { ...options }
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=')
    if (eq <= 0) throw new ChatError('BAD_CONF', `"${assignment}" is not key=value`)
    const name = assignment.slice(0, eq)
    const key = KEYS[name] ?? (name in options ? (name as keyof GenerationOptions) : undefined)
    if (!key) {
      throw new ChatError(
        'BAD_CONF',
        `Unknown option "${name}"; known: ${Object.keys(KEYS).join(', ')}`
      )
    }
    next[key] = parseValue(key, assignment.slice(eq + 1))
  }
  const parsed = GenerationOptionsSchema.safeParse(next)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const name = SNAKE[String(issue.path[0])] ?? String(issue.path[0])
    throw new ChatError('BAD_CONF', `${name}: ${issue.message}`)
  }
  return parsed.data
}

export function parseSeed(raw: string): number {
  const seed = Number(raw)
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) {
    throw new ChatError(
      'BAD_SEED',
      `The seed must be a whole number from 0 to 4294967295, not "${raw}"`
    )
  }
  return seed
}

export function formatConf(options: GenerationOptions): string {
  return Object.entries(KEYS)
    .map(([snake, key]) => `  ${snake} = ${String(options[key])}`)
    .join('\n')
}
