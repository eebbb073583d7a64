// OpenAI's decoding parameters onto the engine's GenerationOptions, in one place. Ranges and
// refusal words are the contract's (preload/contract/generation-options), as at every other front
// door; a parameter we cannot honour is a 400, never a silent no-op. Rules:
// - temperature 0 is greedy; temperature > 0, top_p < 1 or top_k > 0 turn sampling on (with
//   temperature 1 unless given). Without any of them the seed's greedy default holds.
// - top_k defaults to 0 (off) when sampling, as OpenAI has no top-k.
// - frequency/presence penalties have no counterpart in the engine: only 0 is accepted; use
//   repetition_penalty (Hugging Face's multiplicative penalty) instead.
// - n choices are decoded one after another; choice i uses seed + i.
import {
  DEFAULT_GENERATION_OPTIONS,
  refuseOptions,
  type GenerationOptionKey,
  type GenerationOptions
} from '../../preload/contract/generation-options'
import { badParam, unsupported } from './openai-error'
import type { ChatCompletionRequest } from './request-schema'

export const MAX_CHOICES = 8
export const MAX_STOP_SEQUENCES = 4

export interface DecodingPlan {
  readonly options: GenerationOptions
  /** Choices to decode (n). */
  readonly choices: number
  readonly stop: readonly string[]
}

type Numeric = number | null | undefined

function given(value: Numeric): value is number {
  return value !== null && value !== undefined
}

function wholeNumber(param: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw badParam(param, `${param} must be a whole number from ${min} to ${max} (got ${value})`)
  }
  return value
}

function refuseUnless(param: string, ok: boolean, why: string): void {
  if (!ok) throw unsupported(param, why)
}

function refuseUnsupported(body: ChatCompletionRequest): void {
  refuseUnless('tools', !body.tools?.length, 'this model has no tool or function calling')
  refuseUnless(
    'tool_choice',
    body.tool_choice === undefined || body.tool_choice === null || body.tool_choice === 'none',
    'this model has no tool or function calling'
  )
  refuseUnless(
    'parallel_tool_calls',
    body.parallel_tool_calls === undefined || body.parallel_tool_calls === null,
    'this model has no tool calling'
  )
  refuseUnless(
    'response_format',
    !body.response_format || body.response_format.type === 'text',
    `only {"type": "text"} is supported, not ${JSON.stringify(body.response_format?.type)}`
  )
  refuseUnless('logprobs', body.logprobs !== true, 'log probabilities are not returned')
  refuseUnless(
    'logit_bias',
    !body.logit_bias || Object.keys(body.logit_bias).length === 0,
    'logit biases are not implemented'
  )
  for (const param of ['frequency_penalty', 'presence_penalty'] as const) {
    const value = body[param]
    refuseUnless(
      param,
      !given(value) || value === 0,
      'the engine has no additive penalties; use repetition_penalty (e.g. 1.1) instead'
    )
  }
}

function maxNewTokens(body: ChatCompletionRequest): number {
  const a = body.max_tokens
  const b = body.max_completion_tokens
  if (given(a) && given(b) && a !== b) {
    throw badParam('max_tokens', 'max_tokens and max_completion_tokens disagree; send one')
  }
  const value = given(b) ? b : a
  if (!given(value)) return DEFAULT_GENERATION_OPTIONS.maxNewTokens
  return wholeNumber(given(b) ? 'max_completion_tokens' : 'max_tokens', value, 1, 2 ** 31 - 1)
}

function stopSequences(stop: ChatCompletionRequest['stop']): string[] {
  const list = stop === null || stop === undefined ? [] : typeof stop === 'string' ? [stop] : stop
  if (list.length > MAX_STOP_SEQUENCES) {
    throw badParam('stop', `at most ${MAX_STOP_SEQUENCES} stop sequences`)
  }
  if (list.some((s) => s === '')) throw badParam('stop', 'a stop sequence must not be empty')
  return list
}

export function planDecoding(body: ChatCompletionRequest): DecodingPlan {
  refuseUnsupported(body)
  const d = DEFAULT_GENERATION_OPTIONS
  const temperature = body.temperature
  if (given(temperature) && !(temperature >= 0 && temperature <= 2)) {
    throw badParam('temperature', `temperature must be from 0 to 2 (got ${temperature})`)
  }
  const topP = given(body.top_p) ? body.top_p : 1
  const topK = given(body.top_k) ? body.top_k : 0
  const greedyAsked = temperature === 0
  if (greedyAsked && (topP < 1 || topK > 0)) {
    const param = topP < 1 ? 'top_p' : 'top_k'
    throw badParam(param, `${param} has no effect with temperature 0 (greedy decoding)`)
  }
  const doSample = !greedyAsked && ((given(temperature) && temperature > 0) || topP < 1 || topK > 0)
  const numBeams = given(body.num_beams) ? body.num_beams : 1
  if (numBeams > 1 && doSample) {
    throw badParam('num_beams', 'beam search is greedy: use it with temperature 0 or unset')
  }
  const choices = given(body.n) ? wholeNumber('n', body.n, 1, MAX_CHOICES) : 1
  const candidate: GenerationOptions = {
    doSample,
    temperature: doSample && given(temperature) ? temperature : d.temperature,
    topK: doSample ? topK : d.topK,
    topP,
    repetitionPenalty: given(body.repetition_penalty) ? body.repetition_penalty : 1,
    numBeams,
    maxNewTokens: maxNewTokens(body),
    seed: given(body.seed) ? body.seed : d.seed
  }
  const lastSeed = { seed: candidate.seed + choices - 1 }
  const refusal = refuseOptions(candidate) ?? refuseOptions(lastSeed)
  if (refusal) {
    const option = refusal.option ?? 'seed'
    const message =
      choices > 1 && option === 'seed' && !refuseOptions({ seed: candidate.seed })
        ? `seed + n - 1 must stay a valid seed: ${refusal.message}`
        : refusal.message
    throw badParam(PARAM_OF[option], message)
  }
  return { options: candidate, choices, stop: stopSequences(body.stop) }
}

/** The OpenAI parameter that sets each option. */
const PARAM_OF: Readonly<Record<GenerationOptionKey, string>> = {
  doSample: 'temperature',
  temperature: 'temperature',
  topK: 'top_k',
  topP: 'top_p',
  repetitionPenalty: 'repetition_penalty',
  numBeams: 'num_beams',
  maxNewTokens: 'max_tokens',
  seed: 'seed'
}
