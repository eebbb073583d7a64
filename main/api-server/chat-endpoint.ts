// POST /v1/chat/completions from parsed JSON to the written answer: check the body and decoding
// parameters, bring the media onto disk, wait in the FIFO queue, decode through the app's engine
// under a wall-clock limit, and answer as JSON or SSE. A client that goes away cancels the decode.
import { randomBytes } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { ModelHostError } from '../model-host/errors'
import type { ChatEngine } from '../services/chat-engine'
import { ServiceError } from '../services/service-error'
import { runCompletion, type CompletionResult } from './completion'
import { planDecoding } from './generation-mapping'
import { newMediaContext, type MediaIntake } from './media-intake'
import { toEngineConversation } from './messages'
import { OpenAiError } from './openai-error'
import type { PrefixReuse } from './prefix-reuse'
import type { RequestQueue } from './request-queue'
import { parseChatRequest } from './request-schema'
import { ChunkStream, completionBody, type CompletionIdentity } from './sse-writer'

/** The name every request may use for the loaded model, besides its own id. */
export const MODEL_ALIAS = 'mpp'

export interface ApiBackend {
  /** The engine; throws (NO_MODEL) while no model is loaded. */
  engine(): ChatEngine
  /** The loaded model's id (its package folder's name), or null. */
  modelId(): string | null
}

export interface ChatEndpointDeps {
  readonly backend: ApiBackend
  readonly intake: MediaIntake
  readonly queue: RequestQueue
  readonly reuse: PrefixReuse
  readonly requestTimeoutMs: number
}

export interface ChatOutcome {
  readonly status: number
  /** The request's `user` field, for the log. */
  readonly user?: string
  readonly model: string | null
  readonly stream: boolean
  readonly result: CompletionResult | null
  readonly error: string | null
}

const USER_ERRORS = new Set(['stage-failed', 'unloaded'])

export function toOpenAiError(error: unknown): OpenAiError {
  if (error instanceof OpenAiError) return error
  if (error instanceof ServiceError && error.code === 'NO_MODEL') {
    return new OpenAiError(503, error.message, null, 'model_not_loaded')
  }
  if (error instanceof ModelHostError && error.engineCode && !USER_ERRORS.has(error.engineCode)) {
    const code =
      error.engineCode === 'prompt-too-long' ? 'context_length_exceeded' : error.engineCode
    return new OpenAiError(400, error.message, 'messages', code)
  }
  const message = error instanceof Error ? error.message : String(error)
  return new OpenAiError(500, `The model failed: ${message}`, null, 'server_error')
}

function modelOf(requested: string, backend: ApiBackend): string {
  const loaded = backend.modelId()
  if (loaded === null) {
    throw new OpenAiError(
      503,
      'No model is loaded yet; try again shortly',
      null,
      'model_not_loaded'
    )
  }
  if (requested !== loaded && requested !== MODEL_ALIAS) {
    throw new OpenAiError(
      404,
      `The model "${requested}" does not exist here; use "${loaded}" (or "${MODEL_ALIAS}")`,
      'model',
      'model_not_found'
    )
  }
  return loaded
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
  response.end(JSON.stringify(body))
}

export function sendError(response: ServerResponse, error: OpenAiError): void {
  response.writeHead(error.status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    ...error.headers
  })
  response.end(JSON.stringify(error.body()))
}

export async function handleChatCompletion(
  body: unknown,
  callerIsLocal: boolean,
  response: ServerResponse,
  deps: ChatEndpointDeps
): Promise<ChatOutcome> {
  const request = parseChatRequest(body)
  const model = modelOf(request.model, deps.backend)
  const plan = planDecoding(request)
  const stream = request.stream === true
  const user = request.user
  if (!stream && request.stream_options) {
    throw new OpenAiError(400, 'stream_options needs stream: true', 'stream_options')
  }
  const controller = new AbortController()
  const pastLimit = (): OpenAiError =>
    new OpenAiError(
      408,
      `The request ran past the wall-clock limit of ${deps.requestTimeoutMs / 1000} s`,
      null,
      'timeout'
    )
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, deps.requestTimeoutMs)
  const onClose = (): void => {
    if (!response.writableEnded) controller.abort()
  }
  response.on('close', onClose)
  const media = newMediaContext(callerIsLocal)
  deps.intake.track(media)
  const identity: CompletionIdentity = {
    id: `chatcmpl-${randomBytes(12).toString('hex')}`,
    created: Math.floor(Date.now() / 1000),
    model
  }
  const chunks = new ChunkStream(response, identity, request.stream_options?.include_usage === true)
  try {
    const conversation = await toEngineConversation(request.messages, deps.intake, media)
    const engine = deps.backend.engine()
    const result = await deps.queue.run(controller.signal, async () => {
      const conversationId = deps.reuse.choose(conversation)
      const done = await runCompletion(
        engine,
        { conversationId, conversation, plan },
        (choice, text) => {
          if (stream) chunks.delta(choice, text)
        },
        controller.signal
      )
      const last = done.choices.at(-1)
      if (!done.cancelled && last) deps.reuse.remember(conversationId, conversation, last.text)
      return done
    })
    if (timedOut) throw pastLimit()
    if (result.cancelled) {
      response.destroy()
      return { status: 499, model, user, stream, result, error: 'cancelled by the client' }
    }
    if (stream) chunks.finish(result)
    else sendJson(response, 200, completionBody(identity, result))
    return { status: 200, model, user, stream, result, error: null }
  } catch (caught) {
    if (controller.signal.aborted && !timedOut) {
      response.destroy()
      return { status: 499, model, user, stream, result: null, error: 'cancelled by the client' }
    }
    // A request whose time ran out while it waited in the queue is late, not broken.
    const error = timedOut ? pastLimit() : toOpenAiError(caught)
    if (chunks.started) chunks.fail(error)
    else sendError(response, error)
    return { status: error.status, model, user, stream, result: null, error: error.message }
  } finally {
    clearTimeout(timer)
    response.off('close', onClose)
    await deps.intake.finish(media)
  }
}
