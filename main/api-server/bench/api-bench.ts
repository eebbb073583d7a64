// Benchmark of the local API against the engine called directly, in one process: the same greedy
// request through HTTP + JSON (+ a data: URL image) and through engine.generate, interleaved so
// drift hits both alike; the median difference is the API's overhead per request. Then a scripted
// set of interleaved multi-turn conversations measures how often a follow-up finds its prefix in
// the KV cache (prefix reuse hit rate).
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { GenerateRequest } from '../../inference/engine-api'
import { DEFAULT_GENERATION_OPTIONS, DEFAULT_SYSTEM_PROMPT } from '../../inference/engine-api'
import type { ChatEngine } from '../../services/chat-engine'
import { startApiServer, type ApiServer } from '../api-server'

export interface OverheadFigures {
  /** Median time of a request through the API, as the HTTP client sees it. */
  readonly apiMs: number
  /** Median time of the same request to the engine directly. */
  readonly directMs: number
  /** Median of (API time - the engine's own time inside that same API request). */
  readonly overheadMs: number
  /** apiMs - directMs: the same overhead, plus the noise of two separate runs. */
  readonly differenceMs: number
  /**
   * Median CPU time (all threads of this process, client included) of an API request less that
   * of a direct one: the API's work, whatever else keeps the machine's cores busy.
   */
  readonly cpuOverheadMs: number
}

export interface ApiBenchFigures {
  readonly requests: number
  /**
   * Median round trip of an empty JSON POST to a bare Node HTTP server in this process: what
   * loopback HTTP itself costs on this machine now, apart from anything the API does.
   */
  readonly bareHttpMs: number
  /** CPU time of that bare round trip (client and server), the floor of any HTTP API here. */
  readonly bareHttpCpuMs: number
  /**
   * A text request through the API to an engine that answers at once (a canned 8-token answer):
   * the API layer's own cost, HTTP client included, with no engine work to blur it.
   */
  readonly apiAlone: { readonly wallMs: number; readonly cpuMs: number }
  readonly text: OverheadFigures
  readonly image: OverheadFigures & { readonly dataUrlBytes: number }
  readonly prefixReuse: {
    readonly followUps: number
    readonly hits: number
    readonly hitRate: number
    /** Of all follow-up prompt tokens, the share found in the cache. */
    readonly cachedShare: number
  }
}

const KEY = 'bench-key-0123456789'
const MAX_TOKENS = 8

function benchServer(engine: ChatEngine, dataDir: string): Promise<ApiServer> {
  return startApiServer({
    backend: { engine: () => engine, modelId: () => 'bench' },
    host: '127.0.0.1',
    port: 0,
    key: () => KEY,
    allowLoopbackWithoutKey: () => false,
    dataDir
  })
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

interface ChatReply {
  choices: { message: { content: string } }[]
  usage: { prompt_tokens: number; prompt_tokens_details: { cached_tokens: number } }
}

type Message = { role: 'user' | 'assistant'; content: unknown }

export async function benchApi(
  engine: ChatEngine,
  options: { readonly dataDir: string; readonly imagePath: string; readonly requests: number }
): Promise<ApiBenchFigures> {
  // The engine as the API sees it, timing each generate call, so the API's own share of a
  // request is its total less the engine's time in that same request.
  let engineMsInApi = 0
  const timedEngine: ChatEngine = {
    generate: async (request, handlers, signal) => {
      const started = performance.now()
      try {
        return await engine.generate(request, handlers, signal)
      } finally {
        engineMsInApi += performance.now() - started
      }
    }
  }
  const server = await benchServer(timedEngine, options.dataDir)
  const post = async (messages: readonly Message[]): Promise<ChatReply> => {
    const response = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'bench', messages, max_tokens: MAX_TOKENS, temperature: 0 })
    })
    if (!response.ok)
      throw new Error(`the API answered ${response.status}: ${await response.text()}`)
    return (await response.json()) as ChatReply
  }
  const direct = (query: string, media: GenerateRequest['turns'][number]['media']) =>
    engine.generate({
      conversationId: 'bench-direct',
      system: DEFAULT_SYSTEM_PROMPT,
      turns: [{ query, media }],
      options: { ...DEFAULT_GENERATION_OPTIONS, maxNewTokens: MAX_TOKENS }
    })
  const timed = async (work: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> => {
    const started = performance.now()
    const cpu = process.cpuUsage()
    await work()
    const used = process.cpuUsage(cpu)
    return { wall: performance.now() - started, cpu: (used.user + used.system) / 1000 }
  }
  const compare = async (
    viaApi: () => Promise<unknown>,
    viaEngine: () => Promise<unknown>
  ): Promise<OverheadFigures> => {
    for (let i = 0; i < 2; i++) {
      await viaApi()
      await viaEngine()
    }
    const api: number[] = []
    const own: number[] = []
    const engineMs: number[] = []
    const apiCpu: number[] = []
    const engineCpu: number[] = []
    for (let i = 0; i < options.requests; i++) {
      engineMsInApi = 0
      const total = await timed(viaApi)
      api.push(total.wall)
      apiCpu.push(total.cpu)
      own.push(total.wall - engineMsInApi)
      const alone = await timed(viaEngine)
      engineMs.push(alone.wall)
      engineCpu.push(alone.cpu)
    }
    const apiMs = median(api)
    const directMs = median(engineMs)
    return {
      apiMs,
      directMs,
      overheadMs: median(own),
      differenceMs: apiMs - directMs,
      cpuOverheadMs: median(apiCpu) - median(engineCpu)
    }
  }
  try {
    const question = 'Describe this.'
    const text = await compare(
      () => post([{ role: 'user', content: question }]),
      () => direct(question, [])
    )
    const bytes = await readFile(options.imagePath)
    const url = `data:image/png;base64,${bytes.toString('base64')}`
    const withImage: Message = {
      role: 'user',
      content: [
        { type: 'image_url', image_url: { url } },
        { type: 'text', text: question }
      ]
    }
    const image = await compare(
      () => post([withImage]),
      () => direct(question, [{ kind: 'image', path: options.imagePath }])
    )
    return {
      requests: options.requests,
      ...(await bareHttpRoundTrip(options.requests)),
      apiAlone: await apiAlone(options.dataDir, options.requests),
      text,
      image: { ...image, dataUrlBytes: url.length },
      prefixReuse: await prefixReuse(post)
    }
  } finally {
    await server.close()
  }
}

const INSTANT: ChatEngine = {
  generate: async () => ({
    ids: [1, 2, 3, 4, 5, 6, 7, 8],
    text: 'a canned answer of eight tokens',
    stats: {
      promptTokens: 20,
      prefillTokens: 1,
      generatedTokens: 8,
      msToFirstToken: 0,
      prefillTokensPerSec: 0,
      decodeTokensPerSec: 0,
      imageEncodeMs: 0,
      stopReason: 'max-new-tokens',
      media: []
    }
  })
}

async function apiAlone(
  dataDir: string,
  requests: number
): Promise<{ wallMs: number; cpuMs: number }> {
  const server = await benchServer(INSTANT, dataDir)
  try {
    return await medians(requests, async () => {
      const response = await fetch(`${server.url}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'bench',
          messages: [{ role: 'user', content: 'Describe this.' }],
          max_tokens: MAX_TOKENS,
          temperature: 0
        })
      })
      await response.json()
    })
  } finally {
    await server.close()
  }
}

/** Median wall and CPU time of `work` over `requests` runs, after two warm-up runs. */
async function medians(
  requests: number,
  work: () => Promise<void>
): Promise<{ wallMs: number; cpuMs: number }> {
  const wall: number[] = []
  const cpu: number[] = []
  for (let i = 0; i < requests + 2; i++) {
    const started = performance.now()
    const cpuStart = process.cpuUsage()
    await work()
    const used = process.cpuUsage(cpuStart)
    if (i < 2) continue
    wall.push(performance.now() - started)
    cpu.push((used.user + used.system) / 1000)
  }
  return { wallMs: median(wall), cpuMs: median(cpu) }
}

async function bareHttpRoundTrip(
  requests: number
): Promise<{ bareHttpMs: number; bareHttpCpuMs: number }> {
  const server = createServer((request, response) => {
    request.resume()
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end('{}')
    })
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  try {
    const { wallMs, cpuMs } = await medians(requests, async () => {
      const response = await fetch(url, { method: 'POST', body: '{}' })
      await response.json()
    })
    return { bareHttpMs: wallMs, bareHttpCpuMs: cpuMs }
  } finally {
    server.close()
  }
}

/**
 * Two conversations of four turns each (as many as the API keeps caches for), their turns
 * interleaved as two clients would send them.
 */
async function prefixReuse(
  post: (messages: readonly Message[]) => Promise<ChatReply>
): Promise<ApiBenchFigures['prefixReuse']> {
  const conversations: Message[][] = [[], []]
  const previousPrompt = [0, 0]
  let followUps = 0
  let hits = 0
  let cached = 0
  let prompt = 0
  for (let turn = 0; turn < 4; turn++) {
    for (const [index, messages] of conversations.entries()) {
      messages.push({ role: 'user', content: `Conversation ${index}, question ${turn}.` })
      const reply = await post(messages)
      messages.push({ role: 'assistant', content: reply.choices[0].message.content })
      const before = previousPrompt[index]
      previousPrompt[index] = reply.usage.prompt_tokens
      if (turn === 0) continue
      followUps++
      const reused = reply.usage.prompt_tokens_details.cached_tokens
      prompt += reply.usage.prompt_tokens
      cached += reused
      // A hit: the whole previous prompt of this conversation came from the cache.
      if (reused >= before) hits++
    }
  }
  return { followUps, hits, hitRate: hits / followUps, cachedShare: cached / prompt }
}
