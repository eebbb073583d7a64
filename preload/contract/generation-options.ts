// The one definition of the generation options (MODEL-SPEC §8.1): their names, defaults, ranges,
// the refusal text for a bad value, and the `key=value` parser behind `:conf` and `/conf`. Every
// front door checks with these (the settings form, IPC, the model-host protocol, the engine, the
// CLI flags), so the same bad value is refused with the same words everywhere. Plain data and
// functions, no zod: the renderer imports it as a value.

export interface GenerationOptions {
  doSample: boolean
  temperature: number
  topK: number
  topP: number
  repetitionPenalty: number
  numBeams: number
  maxNewTokens: number
  seed: number
}

export type GenerationOptionKey = keyof GenerationOptions

interface BaseSpec {
  /** The seed's snake_case name: what `:conf`, `/conf` and every refusal call the option. */
  readonly name: string
}

export interface BooleanOptionSpec extends BaseSpec {
  readonly kind: 'boolean'
  readonly default: boolean
}

export interface NumberOptionSpec extends BaseSpec {
  /** `integer` options take whole numbers only. */
  readonly kind: 'number' | 'integer'
  readonly default: number
  readonly min: number
  readonly max: number
  /** The form's step; any value in range is accepted. */
  readonly step: number
}

export type OptionSpec = BooleanOptionSpec | NumberOptionSpec

type SpecOf<K extends GenerationOptionKey> = GenerationOptions[K] extends boolean
  ? BooleanOptionSpec
  : NumberOptionSpec

/**
 * Defaults are the seed CLI's (greedy, HF defaults, seed 42). Ranges: the seed's web UI sliders
 * where it has one, widened to include the value its CLI runs with; where the seed offers no
 * choice, the range HF accepts, bounded to values that mean something for this model. (Five
 * checks used to disagree here, e.g. temperature 0.01-5 in IPC, any positive value in the host
 * and the engine, 0.1-2 in the form; the seed's own front doors settle it.)
 */
export const GENERATION_OPTION_SPECS: { readonly [K in GenerationOptionKey]: SpecOf<K> } = {
  doSample: { kind: 'boolean', name: 'do_sample', default: false },
  // The web UI's slider (0.1-2.0); the CLI's HF default 1.0 lies inside. Below 0.1 sampling is
  // greedy in all but name, above 2 it is noise.
  temperature: { kind: 'number', name: 'temperature', default: 1, min: 0.1, max: 2, step: 0.1 },
  // The web UI offers 0-5 and the CLI runs with HF's 50, so both must pass; 100 leaves the usual
  // LM Studio / llama.cpp settings (40, 64, 100) in reach. 0 turns top-k off.
  topK: { kind: 'integer', name: 'top_k', default: 50, min: 0, max: 100, step: 1 },
  // The web UI's slider (0.1-1.0); the CLI's 1.0 is its top.
  topP: { kind: 'number', name: 'top_p', default: 1, min: 0.1, max: 1, step: 0.05 },
  // Neither demo sets it (1.0, no penalty); Qwen's own config would use 1.1. Below 1 would reward
  // repetition, which no one wants from a chat model.
  repetitionPenalty: {
    kind: 'number',
    name: 'repetition_penalty',
    default: 1,
    min: 1,
    max: 2,
    step: 0.05
  },
  // The web UI's slider (1-10); the CLI's HF default is 1.
  numBeams: { kind: 'integer', name: 'num_beams', default: 1, min: 1, max: 10, step: 1 },
  // Both demos use 512; Qwen-7B-Chat's trained sequence length (8192) bounds a single answer.
  maxNewTokens: {
    kind: 'integer',
    name: 'max_new_tokens',
    default: 512,
    min: 1,
    max: 8192,
    step: 1
  },
  // transformers.set_seed hands the seed to numpy, which takes 0 to 2^32-1.
  seed: { kind: 'integer', name: 'seed', default: 42, min: 0, max: 2 ** 32 - 1, step: 1 }
}

/** The seed's system prompt, what a conversation starts with unless the user set their own. */
export const DEFAULT_SYSTEM_PROMPT = 'You are a helpful assistant.'

export const GENERATION_OPTION_KEYS = Object.keys(GENERATION_OPTION_SPECS) as GenerationOptionKey[]

export const DEFAULT_GENERATION_OPTIONS: Readonly<GenerationOptions> = Object.freeze(
  Object.fromEntries(
    GENERATION_OPTION_KEYS.map((key) => [key, GENERATION_OPTION_SPECS[key].default])
  ) as unknown as GenerationOptions
)

/**
 * Why a value or a `/conf` argument was refused. `invalid-option`: a known option with a bad
 * value; `unknown-option`: a name that is no option; `not-key-value`: a `/conf` word without `=`.
 */
export interface OptionRefusal {
  readonly code: 'invalid-option' | 'unknown-option' | 'not-key-value'
  /** The option's key, when the refusal is about a known option. */
  readonly option: GenerationOptionKey | null
  readonly message: string
  /** Which sentence `message` is (an invalid option's by its kind) and its pieces, for a
   * translation of the same words. */
  readonly template: OptionSpec['kind'] | 'unknown-option' | 'not-key-value'
  readonly params: Readonly<Record<string, string | number>>
}

function shown(value: unknown): string {
  return typeof value === 'string' ? value : String(value)
}

function rule(spec: OptionSpec): string {
  if (spec.kind === 'boolean') return 'true or false'
  return `${spec.kind === 'integer' ? 'a whole number' : 'a number'} from ${spec.min} to ${spec.max}`
}

function invalid(key: GenerationOptionKey, got: unknown): OptionRefusal {
  const spec = GENERATION_OPTION_SPECS[key]
  const range: Record<string, number> =
    spec.kind === 'boolean' ? {} : { min: spec.min, max: spec.max }
  return {
    code: 'invalid-option',
    option: key,
    message: `${spec.name} must be ${rule(spec)} (got ${shown(got)})`,
    template: spec.kind,
    params: { name: spec.name, got: shown(got), ...range }
  }
}

/** The refusal for `value` as option `key`, or null when it is allowed. */
export function refuseOption(key: GenerationOptionKey, value: unknown): OptionRefusal | null {
  const spec = GENERATION_OPTION_SPECS[key]
  if (spec.kind === 'boolean') return typeof value === 'boolean' ? null : invalid(key, value)
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= spec.min &&
    value <= spec.max &&
    (spec.kind === 'number' || Number.isInteger(value))
  return ok ? null : invalid(key, value)
}

/** The first refusal among `options`' values (in the specs' order), or null. */
export function refuseOptions(options: Partial<GenerationOptions>): OptionRefusal | null {
  for (const key of GENERATION_OPTION_KEYS) {
    if (key in options) {
      const refusal = refuseOption(key, options[key])
      if (refusal) return refusal
    }
  }
  return null
}

export type OptionParse<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly refusal: OptionRefusal }

/**
 * A typed value (a flag, a form field, the right side of `key=value`) read as option `key`.
 * do_sample takes true/false in any case, and 1/0, which is what the seed's `eval` accepts.
 */
export function parseOptionText<K extends GenerationOptionKey>(
  key: K,
  raw: string
): OptionParse<GenerationOptions[K]> {
  const text = raw.trim()
  let value: unknown = text
  if (GENERATION_OPTION_SPECS[key].kind === 'boolean') {
    const lower = text.toLowerCase()
    if (lower === 'true' || lower === '1') value = true
    else if (lower === 'false' || lower === '0') value = false
  } else if (text !== '' && Number.isFinite(Number(text))) {
    value = Number(text)
  }
  const refusal = refuseOption(key, value)
  return refusal ? { ok: false, refusal } : { ok: true, value: value as GenerationOptions[K] }
}

const KEY_BY_NAME: ReadonlyMap<string, GenerationOptionKey> = new Map(
  GENERATION_OPTION_KEYS.map((key) => [GENERATION_OPTION_SPECS[key].name, key])
)

/** The option a seed name (`top_p`, any case) stands for. */
export function optionKeyOf(name: string): GenerationOptionKey | null {
  return KEY_BY_NAME.get(name.toLowerCase()) ?? null
}

/**
 * `key=value` words (`:conf` in `mpp chat`, `/conf` in the app) as a patch; all or nothing, the
 * first bad word refused.
 */
export function parseConf(words: readonly string[]): OptionParse<Partial<GenerationOptions>> {
  const patch: Partial<Record<GenerationOptionKey, unknown>> = {}
  for (const word of words) {
    const eq = word.indexOf('=')
    if (eq <= 0) {
      return {
        ok: false,
        refusal: {
          code: 'not-key-value',
          option: null,
          message: `"${word}" is not key=value`,
          template: 'not-key-value',
          params: { word }
        }
      }
    }
    const name = word.slice(0, eq)
    const key = optionKeyOf(name)
    if (!key) {
      const known = GENERATION_OPTION_KEYS.map((k) => GENERATION_OPTION_SPECS[k].name).join(', ')
      return {
        ok: false,
        refusal: {
          code: 'unknown-option',
          option: null,
          message: `Unknown option "${name}"; known: ${known}`,
          template: 'unknown-option',
          params: { name, known }
        }
      }
    }
    const parsed = parseOptionText(key, word.slice(eq + 1))
    if (!parsed.ok) return parsed
    patch[key] = parsed.value
  }
  return { ok: true, value: patch as Partial<GenerationOptions> }
}

/**
 * Options kept from an older version with wider ranges, brought into today's: each value outside
 * its range becomes the nearest allowed one, so the values shown are the values used.
 */
export function clampOptions(options: GenerationOptions): GenerationOptions {
  const next: Record<string, unknown> = { ...options }
  for (const key of GENERATION_OPTION_KEYS) {
    const spec = GENERATION_OPTION_SPECS[key]
    if (spec.kind === 'boolean') continue
    const value = options[key] as number
    const whole = spec.kind === 'integer' ? Math.round(value) : value
    next[key] = Math.min(spec.max, Math.max(spec.min, whole))
  }
  return next as unknown as GenerationOptions
}
