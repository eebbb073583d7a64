// One conversation turn: count and check the prompt before any work, encode (or fetch) the
// media, reuse the conversation's KV prefix, prefill the rest in chunks, decode (greedy,
// sampled or beam), stream text and report timing. Cancellation is honoured between chunks
// and decode steps; the conversation cache always ends up holding exactly what the KV holds.
import type {
  GenerateCallbacks,
  GenerateRequest,
  GenerateResult,
  MediaReceipt,
  StopReason
} from '../engine-api'
import { beamSearch } from '../generation/beam-search'
import type { ConversationCache } from '../generation/conversation-cache'
import { decodeSequence, yieldToEventLoop } from '../generation/decode-loop'
import { stripPythonWhitespace } from '../generation/detokenizer'
import type { KvSequence } from '../generation/kv-sequence'
import { ntkAlpha } from '../runtime/position-inputs'
import { validateGenerationOptions } from '../generation/options'
import { EngineError } from '../engine-errors'
import type { EncodedMedia, TurnModelFacts, TurnPorts } from './turn-ports'

export interface TurnContext {
  readonly ports: TurnPorts
  readonly facts: TurnModelFacts
  readonly conversations: ConversationCache
}

interface PreparedPrompt {
  readonly ids: number[]
  readonly slotKeys: string[]
  readonly slotRows: Float32Array
  readonly imageEncodeMs: number
  readonly media: readonly MediaReceipt[]
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
  const alpha = ntkAlpha(prompt.ids.length, facts.seqLength, facts.useDynamicNtk)
  const positions = { ids: prompt.ids, slotKeys: prompt.slotKeys }
  const acquired = context.conversations.acquire(request.conversationId, positions, alpha, () =>
    ports.openSequence(alpha)
  )
  const sequence = acquired.sequence
  let committed = false
  const commit = (generated: readonly number[]): void => {
    const ids = [...prompt.ids, ...generated].slice(0, sequence.length)
    context.conversations.commit(
      request.conversationId,
      sequence,
      { ids, slotKeys: prompt.slotKeys },
      alpha
    )
    committed = true
  }
  try {
    const prefillStart = performance.now()
    const logits = await prefill(context, sequence, prompt, acquired.reused, signal)
    const prefillMs = performance.now() - prefillStart
    const prefillTokens = prompt.ids.length - acquired.reused
    const base = {
      promptTokens: prompt.ids.length,
      prefillTokens,
      prefillTokensPerSec: prefillMs > 0 ? (prefillTokens * 1000) / prefillMs : 0,
      imageEncodeMs: prompt.imageEncodeMs,
      media: prompt.media
    }
    if (logits === undefined) {
      commit([])
      return {
        ids: [],
        text: '',
        stats: { ...base, ...timing(started, 0, 0, 0), stopReason: 'cancelled' }
      }
    }
    const maxNewTokens = Math.min(options.maxNewTokens, facts.maxContext - prompt.ids.length)
    let firstAt = 0
    let lastAt = 0
    let ids: number[]
    let stopReason: StopReason
    if (options.numBeams > 1 && !options.doSample) {
      const outcome = await beamSearch({
        sequence,
        firstLogits: logits,
        numBeams: options.numBeams,
        maxNewTokens,
        stopIds: facts.stopIds,
        policy: ports.policy(options),
        signal,
        onFirstStep: () => (firstAt = performance.now())
      })
      ids = outcome.ids
      stopReason = outcome.stopReason
      lastAt = performance.now()
      const text = ports.decodeText(ids)
      if (text !== '') callbacks.onDelta?.(text)
      commit([])
    } else {
      const stream = ports.streamingText()
      const outcome = await decodeSequence({
        sequence,
        firstLogits: logits,
        maxNewTokens,
        stopIds: facts.stopIds,
        policy: ports.policy(options),
        signal,
        onToken: (id) => {
          lastAt = performance.now()
          if (firstAt === 0) firstAt = lastAt
          const piece = stream.push(id)
          if (piece !== '') callbacks.onDelta?.(piece)
        }
      })
      const rest = stream.flush()
      if (rest !== '') callbacks.onDelta?.(rest)
      ids = outcome.ids
      stopReason = outcome.stopReason
      commit(ids.slice(0, outcome.cachedGenerated))
    }
    const text = stripPythonWhitespace(ports.decodeText(ids))
    return {
      ids,
      text,
      stats: { ...base, ...timing(started, firstAt, lastAt, ids.length), stopReason }
    }
  } finally {
    if (!committed) sequence.close()
  }
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

/** Ids, slot keys and image rows for the request; rejects too-long prompts before encoding. */
async function preparePrompt(
  context: TurnContext,
  request: GenerateRequest,
  signal?: AbortSignal
): Promise<PreparedPrompt> {
  const { ports, facts } = context
  const counts: number[][] = []
  for (const turn of request.turns) {
    const row: number[] = []
    for (const item of turn.media) row.push(await ports.countImages(item))
    counts.push(row)
  }
  const estimate = ports.prompt(request, counts)
  const limit = facts.maxContext - request.options.maxNewTokens
  if (estimate.ids.length > limit) {
    throw new EngineError(
      'PROMPT_TOO_LONG',
      `the conversation is ${estimate.ids.length} tokens; with ${request.options.maxNewTokens} ` +
        `new tokens it exceeds this model's context of ${facts.maxContext} tokens`
    )
  }
  const encodeStart = performance.now()
  const encoded: EncodedMedia[] = []
  const actual = counts.map((row) => [...row])
  for (const t of estimate.keptTurns) {
    const media = request.turns[t].media
    for (let m = 0; m < media.length; m++) {
      const e = await ports.encode(media[m], signal)
      actual[t][m] = e.count
      encoded.push(e)
    }
  }
  const imageEncodeMs = encoded.length > 0 ? performance.now() - encodeStart : 0
  const same = actual.every((row, t) => row.every((n, m) => n === counts[t][m]))
  const ids = same ? estimate.ids : ports.prompt(request, actual).ids
  const slotKeys: string[] = []
  const perImage = ids.filter((id) => id === facts.imagePadId).length
  const keysFlat = encoded.flatMap((e) => [...e.keys])
  const slotsPerImage = keysFlat.length > 0 ? perImage / keysFlat.length : 0
  if (!Number.isInteger(slotsPerImage)) {
    throw new EngineError(
      'MEDIA_MISMATCH',
      `the prompt has ${perImage} image slots for ${keysFlat.length} images`
    )
  }
  for (const key of keysFlat) for (let i = 0; i < slotsPerImage; i++) slotKeys.push(key)
  const slotRows = new Float32Array(perImage * facts.hidden)
  let offset = 0
  for (const e of encoded) {
    slotRows.set(e.rows, offset)
    offset += e.rows.length
  }
  if (offset !== slotRows.length) {
    throw new EngineError(
      'MEDIA_MISMATCH',
      `the media gave ${offset / facts.hidden} embedding rows for ${perImage} image slots`
    )
  }
  const kept = new Set(estimate.keptTurns)
  const media = actual.flatMap((row, turn) =>
    row.map((images, index): MediaReceipt => ({
      turn,
      index,
      kind: request.turns[turn].media[index].kind,
      images,
      imageTokens: kept.has(turn) ? images * slotsPerImage : 0,
      inPrompt: kept.has(turn)
    }))
  )
  return { ids, slotKeys, slotRows, imageEncodeMs, media }
}

/**
 * Runs prompt positions from `from` on in chunks; resolves with the last position's logits, or
 * undefined when cancelled between chunks (the sequence then holds what was run).
 */
async function prefill(
  context: TurnContext,
  sequence: KvSequence,
  prompt: PreparedPrompt,
  from: number,
  signal?: AbortSignal
): Promise<Float32Array | undefined> {
  const { facts } = context
  const hidden = facts.hidden
  let slot = 0
  for (let i = 0; i < from; i++) if (prompt.ids[i] === facts.imagePadId) slot++
  let logits: Float32Array | undefined
  for (let start = from; start < prompt.ids.length; start += facts.prefillChunk) {
    if (signal?.aborted) return undefined
    const ids = prompt.ids.slice(start, start + facts.prefillChunk)
    const slots = ids.filter((id) => id === facts.imagePadId).length
    const imageRows = prompt.slotRows.subarray(slot * hidden, (slot + slots) * hidden)
    slot += slots
    logits = await sequence.extend({ ids, imageRows })
    await yieldToEventLoop()
  }
  return logits
}
