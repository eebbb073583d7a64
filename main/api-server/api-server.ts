// The local OpenAI-compatible HTTP listener: GET /v1/models and POST /v1/chat/completions, on its
// own port (127.0.0.1 by default). Every request needs `Authorization: Bearer KEY`, except from
// loopback when that is allowed; the Host header must name this server when it is bound to
// loopback (no DNS rebinding). Bodies are size-limited while they stream in; each request ends in
// one log entry (time, client, tokens, speed).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { allowedHosts, isLoopbackHost, sameToken } from '../shared/host-access'
import {
  MODEL_ALIAS,
  handleChatCompletion,
  sendError,
  type ApiBackend,
  type ChatOutcome
} from './chat-endpoint'
import { DEFAULT_MEDIA_LIMITS, MediaIntake, maxBodyBytes, type MediaLimits } from './media-intake'
import { OpenAiError } from './openai-error'
import { PrefixReuse } from './prefix-reuse'
import { RequestQueue } from './request-queue'
import type { ApiLogEntry } from './request-log'

export interface ApiServerOptions {
  readonly backend: ApiBackend
  readonly host: string
  readonly port: number
  /** The key requests must carry (read per request, so revoking takes effect at once). */
  readonly key: () => string | null
  /** Loopback callers may leave the key out. */
  readonly allowLoopbackWithoutKey: () => boolean
  /** Folder for decoded data: URLs. */
  readonly dataDir: string
  readonly limits?: MediaLimits
  readonly maxQueued?: number
  readonly requestTimeoutMs?: number
  readonly onRequest?: (entry: ApiLogEntry) => void
}

export interface ApiServer {
  readonly host: string
  readonly port: number
  readonly url: string
  close(): Promise<void>
}

export const DEFAULT_MAX_QUEUED = 8
export const DEFAULT_REQUEST_TIMEOUT_MS = 10 * 60 * 1000
/** Remote addresses of callers on this machine. */
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])

function bearerOf(request: IncomingMessage): string | null {
  const header = request.headers.authorization
  const match = typeof header === 'string' ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null
  return match ? match[1] : null
}

/**
 * The JSON body, refused with 413 once it passes `limit`. The rest is not read: the stream is
 * paused (not destroyed, so the 413 can still be written) and the connection closes after it.
 */
function readBody(request: IncomingMessage, limit: number): Promise<unknown> {
  const tooLarge = new OpenAiError(
    413,
    `The request body is over ${Math.round(limit / 1024 / 1024)} MB (max_body_bytes)`,
    null,
    'body_too_large'
  )
  if (Number(request.headers['content-length'] ?? 0) > limit) return Promise.reject(tooLarge)
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer): void => {
      size += chunk.length
      if (size <= limit) {
        chunks.push(chunk)
        return
      }
      request.off('data', onData)
      request.off('end', onEnd)
      request.pause()
      reject(tooLarge)
    }
    const onEnd = (): void => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')))
      } catch {
        reject(new OpenAiError(400, 'The request body is not valid JSON', null, 'invalid_json'))
      }
    }
    request.on('data', onData)
    request.on('end', onEnd)
    request.on('error', reject)
  })
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const limits = options.limits ?? DEFAULT_MEDIA_LIMITS
  const bodyLimit = maxBodyBytes(limits)
  const deps = {
    backend: options.backend,
    intake: new MediaIntake(join(options.dataDir, 'api-media'), limits),
    queue: new RequestQueue(options.maxQueued ?? DEFAULT_MAX_QUEUED),
    reuse: new PrefixReuse(),
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS
  }
  let hosts = new Set<string>()
  const checkHost = isLoopbackHost(options.host)

  const authorise = (request: IncomingMessage): void => {
    const key = options.key()
    const local = LOOPBACK.has(request.socket.remoteAddress ?? '')
    // A web page the user visits is a local caller too: what a browser sends (it always names
    // the page's Origin) must carry the key.
    const fromPage = request.headers.origin !== undefined
    if (local && !fromPage && options.allowLoopbackWithoutKey()) return
    const given = bearerOf(request)
    if (key !== null && sameToken(key, given)) return
    const why = given === null ? 'Missing API key (Authorization: Bearer KEY)' : 'Wrong API key'
    throw new OpenAiError(401, why, null, 'invalid_api_key')
  }

  const handle = async (
    request: IncomingMessage,
    response: ServerResponse
  ): Promise<ChatOutcome | null> => {
    if (checkHost && !hosts.has((request.headers.host ?? '').toLowerCase())) {
      throw new OpenAiError(400, 'Unexpected Host header', null, 'bad_host')
    }
    const path = new URL(request.url ?? '/', 'http://placeholder').pathname.replace(/\/+$/, '')
    authorise(request)
    if (path === '/v1/models') {
      if (request.method !== 'GET')
        throw new OpenAiError(405, 'Use GET', null, 'method_not_allowed')
      const id = options.backend.modelId()
      const data = (id === null ? [] : [id, MODEL_ALIAS]).map((name) => ({
        id: name,
        object: 'model',
        created: 0,
        owned_by: 'local'
      }))
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      response.end(JSON.stringify({ object: 'list', data }))
      return null
    }
    if (path === '/v1/chat/completions') {
      if (request.method !== 'POST')
        throw new OpenAiError(405, 'Use POST', null, 'method_not_allowed')
      const body = await readBody(request, bodyLimit)
      const local = LOOPBACK.has(request.socket.remoteAddress ?? '')
      return handleChatCompletion(body, local, response, deps)
    }
    throw new OpenAiError(404, `No route ${request.method} ${path}`, null, 'not_found')
  }

  const server = createServer((request, response) => {
    const started = Date.now()
    const client =
      `${request.socket.remoteAddress ?? '?'} ${request.headers['user-agent'] ?? ''}`.trim()
    const log = (outcome: Omit<ChatOutcome, 'stream'> & { stream?: boolean }): void => {
      const result = outcome.result
      const decodeSeconds = (result?.decodeMs ?? 0) / 1000
      options.onRequest?.({
        at: new Date(started).toISOString(),
        client: outcome.user ? `${client} (user ${outcome.user})` : client,
        model: outcome.model,
        status: outcome.status,
        stream: outcome.stream ?? false,
        promptTokens: result?.promptTokens ?? 0,
        cachedTokens: result?.reusedTokens ?? 0,
        completionTokens: result?.completionTokens ?? 0,
        ms: Date.now() - started,
        tokensPerSec:
          result && decodeSeconds > 0
            ? Math.max(0, result.completionTokens - result.choices.length) / decodeSeconds
            : null,
        error: outcome.error
      })
    }
    handle(request, response).then(
      (outcome) => {
        if (outcome) log(outcome)
      },
      (caught: unknown) => {
        const error =
          caught instanceof OpenAiError
            ? caught
            : new OpenAiError(500, 'The request failed', null, 'server_error')
        if (error.status === 413 && !response.headersSent) {
          // The unread rest of the body must not be taken for the next request.
          response.setHeader('connection', 'close')
          response.once('finish', () => request.socket.destroy())
        }
        if (!response.headersSent) sendError(response, error)
        else response.destroy()
        if (error.status !== 401 || request.url?.includes('/chat/')) {
          log({ status: error.status, model: null, result: null, error: error.message })
        }
      }
    )
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  hosts = allowedHosts(options.host, port)
  const shown = options.host.includes(':') ? `[${options.host}]` : options.host
  return {
    host: options.host,
    port,
    url: `http://${shown}:${port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
