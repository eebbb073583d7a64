// The local OpenAI-compatible API through the official `openai` npm client, against a real
// `mpp serve --api` on the random demo model (needs `electron-vite build`): images, multi-turn
// with prefix reuse, streaming, usage against hand counts, greedy answers equal to `mpp run`,
// abort, and the 401 / 400 / 413 / 429 refusals.
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { APIError } from 'openai'
import OpenAI from 'openai'
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ServeHandle } from '../../e2e/support/serve-process'
import { KEY, clientFor, dataUrl, handPromptTokens, mediaPath, startApiServe } from './api-support'

const run = promisify(execFile)
const REPO = join(import.meta.dirname, '..', '..', '..')
const SYSTEM = 'You are a helpful assistant.'
const THREE = ['photo-640x427.jpg', 'grey-300x300.png', 'lossy-200x150.webp']

let serve: ServeHandle
let client: OpenAI

beforeAll(async () => {
  serve = await startApiServe()
  client = clientFor(serve)
})

afterAll(async () => {
  await serve?.stop()
})

function userWith(images: readonly string[], text: string): ChatCompletionMessageParam {
  return {
    role: 'user',
    content: [
      { type: 'text', text },
      ...images.map((name) => ({ type: 'image_url' as const, image_url: { url: dataUrl(name) } }))
    ]
  }
}

/** A route of the web UI's own bridge (the app's side of the server). */
async function appRoute<T>(route: string, input: unknown): Promise<T> {
  const token = new URL(serve.url).searchParams.get('token') ?? ''
  const response = await fetch(`${serve.origin}/api/${route}`, {
    method: 'POST',
    headers: { 'x-mpp-token': token, 'content-type': 'application/json' },
    body: JSON.stringify(input)
  })
  const envelope = (await response.json()) as { ok: boolean; value: T }
  if (!envelope.ok) throw new Error(`${route} failed: ${JSON.stringify(envelope)}`)
  return envelope.value
}

/** The server's API log, as the app's settings show it. */
async function apiLog(): Promise<{ status: number; completionTokens: number; ms: number }[]> {
  const status = await appRoute<{
    log: { status: number; completionTokens: number; ms: number }[]
  }>('apiServer.status', {})
  return status.log
}

describe('the local API with the openai client', () => {
  it('counts the 61 ids of MODEL-SPEC §7.3 by hand', () => {
    expect(handPromptTokens(SYSTEM, [{ query: 'Describe this image.', images: 1 }])).toBe(61)
  })

  it('lists the loaded demo model and its alias', async () => {
    const ids = (await client.models.list()).data.map((m) => m.id)
    expect(ids).toEqual(['demo-model', 'mpp'])
  })

  it('answers about one image with usage equal to the hand count', async () => {
    const answer = await client.chat.completions.create({
      model: 'mpp',
      messages: [userWith(['photo-640x427.jpg'], 'Describe this image.')],
      max_tokens: 12
    })
    expect(answer.object).toBe('chat.completion')
    expect(answer.choices).toHaveLength(1)
    expect(answer.choices[0].message.role).toBe('assistant')
    expect(answer.choices[0].message.content?.length).toBeGreaterThan(0)
    expect(answer.usage?.prompt_tokens).toBe(
      handPromptTokens(SYSTEM, [{ query: 'Describe this image.', images: 1 }])
    )
    expect(answer.usage?.total_tokens).toBe(
      (answer.usage?.prompt_tokens ?? 0) + (answer.usage?.completion_tokens ?? 0)
    )
  })

  it('gives, for three images, the greedy answer and counts of `mpp run` with the same images', async () => {
    const question = 'Compare these three images.'
    const answer = await client.chat.completions.create({
      model: 'demo-model',
      messages: [userWith(THREE, question)],
      max_tokens: 24,
      temperature: 0
    })
    const { stdout } = await run(
      process.execPath,
      [
        join(REPO, 'out', 'main', 'cli.js'),
        'run',
        '--json',
        '--max-new-tokens',
        '24',
        ...THREE.flatMap((name) => ['--image', mediaPath(name)]),
        question
      ],
      { cwd: REPO, env: { ...process.env, MPP_HOME: serve.home } }
    )
    const direct = JSON.parse(stdout) as {
      text: string
      stats: { promptTokens: number; generatedTokens: number; stopReason: string }
    }
    expect(answer.choices[0].message.content).toBe(direct.text)
    expect(answer.usage?.prompt_tokens).toBe(direct.stats.promptTokens)
    expect(answer.usage?.prompt_tokens).toBe(
      handPromptTokens(SYSTEM, [{ query: question, images: 3 }])
    )
    expect(answer.usage?.completion_tokens).toBe(direct.stats.generatedTokens)
    expect(answer.choices[0].finish_reason).toBe(
      direct.stats.stopReason === 'max-new-tokens' ? 'length' : 'stop'
    )
  })

  it('continues a multi-turn conversation from its KV cache, with the answer of a cold run', async () => {
    const system = 'Answer briefly.'
    const first: ChatCompletionMessageParam[] = [
      { role: 'system', content: system },
      userWith(['grey-300x300.png'], 'What is this?')
    ]
    const one = await client.chat.completions.create({
      model: 'mpp',
      messages: first,
      max_tokens: 8
    })
    const reply = one.choices[0].message.content ?? ''
    const second: ChatCompletionMessageParam[] = [
      ...first,
      { role: 'assistant', content: reply },
      { role: 'user', content: 'And its colour?' }
    ]
    const warm = await client.chat.completions.create({
      model: 'mpp',
      messages: second,
      max_tokens: 8
    })
    const expectedPrompt = handPromptTokens(system, [
      { query: 'What is this?', images: 1, response: reply },
      { query: 'And its colour?', images: 0 }
    ])
    expect(warm.usage?.prompt_tokens).toBe(expectedPrompt)
    // Everything up to the first answer was in the cache already.
    const firstPart = handPromptTokens(system, [{ query: 'What is this?', images: 1 }])
    expect(warm.usage?.prompt_tokens_details?.cached_tokens).toBeGreaterThanOrEqual(firstPart)
    // Push the conversation out of both API cache slots, then ask the same again cold.
    for (const other of ['Zebra one.', 'Zebra two.']) {
      await client.chat.completions.create({
        model: 'mpp',
        messages: [
          { role: 'system', content: other },
          { role: 'user', content: 'Hi' }
        ],
        max_tokens: 2
      })
    }
    const cold = await client.chat.completions.create({
      model: 'mpp',
      messages: second,
      max_tokens: 8
    })
    expect(cold.usage?.prompt_tokens_details?.cached_tokens).toBeLessThan(10)
    expect(cold.choices[0].message.content).toBe(warm.choices[0].message.content)
    expect(cold.usage?.completion_tokens).toBe(warm.usage?.completion_tokens)
  })

  it('streams chunks whose text joins to the non-streamed answer, then usage', async () => {
    const messages = [userWith(['lossy-200x150.webp'], 'Tell me a story about it.')]
    const whole = await client.chat.completions.create({ model: 'mpp', messages, max_tokens: 40 })
    const stream = await client.chat.completions.create({
      model: 'mpp',
      messages,
      max_tokens: 40,
      stream: true,
      stream_options: { include_usage: true }
    })
    let text = ''
    let usage: OpenAI.CompletionUsage | null | undefined
    let finish: string | null = null
    let contentChunks = 0
    for await (const chunk of stream) {
      expect(chunk.object).toBe('chat.completion.chunk')
      if (chunk.usage) usage = chunk.usage
      for (const choice of chunk.choices) {
        if (choice.delta.content) {
          text += choice.delta.content
          contentChunks++
        }
        if (choice.finish_reason) finish = choice.finish_reason
      }
    }
    expect(contentChunks).toBeGreaterThan(1)
    expect(text).toBe(whole.choices[0].message.content)
    expect(finish).toBe(whole.choices[0].finish_reason)
    expect(usage?.prompt_tokens).toBe(whole.usage?.prompt_tokens)
    expect(usage?.completion_tokens).toBe(whole.usage?.completion_tokens)
  })

  it('stops decoding when a stream is aborted, and answers the next request cleanly', async () => {
    const messages: ChatCompletionMessageParam[] = [
      { role: 'user', content: 'Count to a thousand.' }
    ]
    const reference = await client.chat.completions.create({
      model: 'mpp',
      messages,
      max_tokens: 16
    })
    const controller = new AbortController()
    const stream = await client.chat.completions.create(
      { model: 'mpp', messages, max_tokens: 1500, stream: true },
      { signal: controller.signal }
    )
    let chunks = 0
    // The client ends the iteration quietly when its own signal aborts it.
    for await (const _chunk of stream) {
      if (++chunks === 4) controller.abort()
    }
    // Chunks already received may still come out of the client's buffer after the abort.
    expect(chunks).toBeGreaterThanOrEqual(4)
    expect(chunks).toBeLessThan(100)
    const again = await client.chat.completions.create({ model: 'mpp', messages, max_tokens: 16 })
    expect(again.choices[0].message.content).toBe(reference.choices[0].message.content)
    const log = await apiLog()
    const aborted = log.filter((entry) => entry.status === 499).at(-1)
    expect(aborted).toBeDefined()
    // The decode stopped within a few steps of the abort, far from the 1500 asked for.
    expect(aborted?.completionTokens).toBeLessThan(chunks + 40)
  })

  it('refuses a wrong key with 401', async () => {
    const stranger = clientFor(serve, `${KEY}-wrong`)
    const error = await stranger.models.list().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError)
    expect((error as APIError).status).toBe(401)
    expect((error as APIError).code).toBe('invalid_api_key')
    const chat = await stranger.chat.completions
      .create({ model: 'mpp', messages: [{ role: 'user', content: 'Hi' }] })
      .catch((e: unknown) => e)
    expect((chat as APIError).status).toBe(401)
  })

  it('refuses parameters it cannot honour with 400 naming them', async () => {
    const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: 'Hi' }]
    const cases: [Partial<OpenAI.ChatCompletionCreateParamsNonStreaming>, string][] = [
      [
        {
          tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }]
        },
        'tools'
      ],
      [{ response_format: { type: 'json_object' } }, 'response_format'],
      [{ frequency_penalty: 0.5 }, 'frequency_penalty'],
      [{ logprobs: true }, 'logprobs'],
      [{ top_p: 0.5, temperature: 0 }, 'top_p']
    ]
    for (const [extra, param] of cases) {
      const error = await client.chat.completions
        .create({ model: 'mpp', messages, ...extra })
        .catch((e: unknown) => e)
      expect(error, param).toBeInstanceOf(OpenAI.BadRequestError)
      expect((error as APIError).param, param).toBe(param)
      expect((error as APIError).type).toBe('invalid_request_error')
    }
  })

  it('refuses an image over 20 MB with 413 naming the limit', async () => {
    const bytes = Buffer.alloc(21 * 1024 * 1024, 7)
    bytes.set([0xff, 0xd8, 0xff, 0xe0])
    const error = await client.chat.completions
      .create({
        model: 'mpp',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Big' },
              {
                type: 'image_url',
                image_url: { url: `data:image/jpeg;base64,${bytes.toString('base64')}` }
              }
            ]
          }
        ]
      })
      .catch((e: unknown) => e)
    expect((error as APIError).status).toBe(413)
    expect((error as APIError).message).toContain('the limit is 20.0 MB per image')
  })

  it('refuses a request with 429 and Retry-After when the queue is full', async () => {
    const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: 'Go on.' }]
    const running = new AbortController()
    const waiting = new AbortController()
    const first = await client.chat.completions.create(
      { model: 'mpp', messages, max_tokens: 1500, stream: true },
      { signal: running.signal }
    )
    const firstChunks = first[Symbol.asyncIterator]()
    await firstChunks.next()
    const second = client.chat.completions
      .create({ model: 'mpp', messages, max_tokens: 4 }, { signal: waiting.signal })
      .catch((e: unknown) => e)
    await new Promise((done) => setTimeout(done, 500))
    const error = await client.chat.completions
      .create({ model: 'mpp', messages, max_tokens: 4 })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAI.RateLimitError)
    expect(Number((error as APIError).headers?.get('retry-after'))).toBeGreaterThanOrEqual(1)
    running.abort()
    waiting.abort()
    await second
    await firstChunks.return?.()
    const after = await client.chat.completions.create({ model: 'mpp', messages, max_tokens: 4 })
    expect(after.choices[0].message.content).toBeTypeOf('string')
  })

  it('waits behind an answer the app is writing', async () => {
    type Turn = { status: string; stats: { generatedTokens: number; decodeTokensPerSec: number } }
    const conversation = await appRoute<{ id: string }>('conversation.create', {})
    await appRoute('conversation.updateSettings', {
      id: conversation.id,
      patch: { options: { maxNewTokens: 300 } }
    })
    await appRoute('conversation.send', { id: conversation.id, query: 'Go on.', attachments: [] })
    const started = performance.now()
    const answer = await client.chat.completions.create({
      model: 'mpp',
      messages: [{ role: 'user', content: 'Hi' }],
      max_tokens: 2
    })
    const apiMs = performance.now() - started
    expect(answer.usage?.completion_tokens).toBe(2)
    let turn: Turn | undefined
    await expect
      .poll(async () => {
        turn = (await appRoute<{ turns: Turn[] }>('conversation.get', { id: conversation.id }))
          .turns[0]
        return turn.status
      })
      .toBe('done')
    const stats = turn?.stats
    const appDecodeMs = ((stats?.generatedTokens ?? 0) * 1000) / (stats?.decodeTokensPerSec ?? 1)
    // Two tokens alone take a small fraction of this: the request waited for the app's answer.
    expect(stats?.generatedTokens).toBeGreaterThan(20)
    expect(apiMs).toBeGreaterThan(appDecodeMs * 0.5)
  })
})
