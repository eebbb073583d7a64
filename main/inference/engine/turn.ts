// One conversation turn: lay out and check the prompt before any work, encode (or fetch) the
// media into their slots, reuse the conversation's KV prefix, prefill the rest in chunks, decode
// with the strategy the options pick, stream text and report timing. Cancellation is honoured
// between chunks and decode steps; the conversation cache always ends up holding exactly what
// the KV holds.
import type { GenerateCallbacks, GenerateRequest, GenerateResult } from '../engine-api'
import type { ConversationCache } from '../generation/conversation-cache'
import { stripPythonWhitespace } from '../generation/detokenizer'
import { validateGenerationOptions } from '../generation/options'
import { EngineError } from '../engine-errors'
import { decodingStrategyFor } from './decoding-strategy'
import { acquireTurnSequence, prefillFrom, type PromptWithSlots } from './kv-reuse'
import { encodeKeptMedia, fillMediaSlots, type MediaSlots } from './media-slots'
import { idsForCounts, layoutPrompt } from './prompt-layout'
import type { TurnModelFacts, TurnPorts } from './turn-ports'

export interface TurnContext {
  readonly ports: TurnPorts
  readonly facts: TurnModelFacts
  readonly conversations: ConversationCache
}

interface PreparedPrompt extends PromptWithSlots {
  readonly ids: number[]
  readonly media: MediaSlots['media']
  readonly imageEncodeMs: number
}

export async function runTurn(
  context: TurnContext,
  request: GenerateRequest,
  callbacks: GenerateCallbacks = {},
  signal?: AbortSignal
): Promise<GenerateResult> {
  const started = performance.now()
  const { facts, ports } = context
  const options = validateGenerationOptions(request.options)
  if (
    request.turns.length === 0 ||
    request.turns[request.turns.length - 1].response !== undefined
  ) {
    throw new EngineError('BAD_REQUEST', 'the last turn of a request must be the new question')
  }
  let prompt: PreparedPrompt
  try {
    prompt = await preparePrompt(context, request, signal)
  } catch (error) {
    // An abort while media are read or encoded is a cancelled answer, not a failure.
    if (signal?.aborted === true) return cancelledBeforeStart(started)
    throw error
  }
  const turn = acquireTurnSequence(
    context.conversations,
    ports,
    facts,
    request.conversationId,
    prompt
  )
  try {
    const strategy = decodingStrategyFor(options, ports)
    const policy = ports.policy(options)
    const prefillStart = performance.now()
    const first = await prefillFrom(
      facts,
      turn.sequence,
      prompt,
      turn.reused,
      strategy.readback(policy),
      signal
    )
    const prefillMs = performance.now() - prefillStart
    const prefillTokens = prompt.ids.length - turn.reused
    const base = {
      promptTokens: prompt.ids.length,
      prefillTokens,
      prefillTokensPerSec: prefillMs > 0 ? (prefillTokens * 1000) / prefillMs : 0,
      imageEncodeMs: prompt.imageEncodeMs,
      media: prompt.media
    }
    if (first === undefined) {
      turn.commit([])
      return {
        ids: [],
        text: '',
        stats: { ...base, ...timing(started, 0, 0, 0), stopReason: 'cancelled' }
      }
    }
    const outcome = await strategy.decode({
      sequence: turn.sequence,
      first,
      maxNewTokens: Math.min(options.maxNewTokens, facts.maxContext - prompt.ids.length),
      stopIds: facts.stopIds,
      policy,
      signal,
      onText: (piece) => callbacks.onDelta?.(piece)
    })
    turn.commit(outcome.ids.slice(0, outcome.cachedGenerated))
    const { ids, stopReason } = outcome
    return {
      ids,
      text: stripPythonWhitespace(ports.decodeText(ids)),
      stats: {
        ...base,
        ...timing(started, outcome.firstAt, outcome.lastAt, ids.length),
        stopReason
      }
    }
  } finally {
    turn.release()
  }
}

/** Ids, slot keys and image rows for the request; rejects too-long prompts before encoding. */
async function preparePrompt(
  context: TurnContext,
  request: GenerateRequest,
  signal?: AbortSignal
): Promise<PreparedPrompt> {
  const { ports, facts } = context
  const layout = await layoutPrompt(ports, facts, request)
  const kept = layout.prompt.keptTurns
  const encoded = await encodeKeptMedia(ports, request, layout.counts, kept, signal)
  const ids = idsForCounts(ports, request, layout, encoded.actual)
  const slots = fillMediaSlots(facts, request, ids, encoded, kept)
  return { ids, ...slots, imageEncodeMs: encoded.encodeMs }
}

function cancelledBeforeStart(started: number): GenerateResult {
  return {
    ids: [],
    text: '',
    stats: {
      promptTokens: 0,
      prefillTokens: 0,
      prefillTokensPerSec: 0,
      imageEncodeMs: 0,
      ...timing(started, 0, 0, 0),
      stopReason: 'cancelled',
      media: []
    }
  }
}

function timing(
  started: number,
  firstAt: number,
  lastAt: number,
  generated: number
): { msToFirstToken: number; decodeTokensPerSec: number; generatedTokens: number } {
  const decodeMs = lastAt - firstAt
  return {
    msToFirstToken: firstAt > 0 ? firstAt - started : 0,
    decodeTokensPerSec: generated > 1 && decodeMs > 0 ? ((generated - 1) * 1000) / decodeMs : 0,
    generatedTokens: generated
  }
}
