// The local API's wire format seen through plain curl, with no client library to smooth it over:
// SSE framing and chunk fields, the error object, the video_url extension with a file:// path,
// stop sequences, n choices with per-choice seeds, and the wall-clock limit (10 s here).
// Needs `electron-vite build`, curl and ffmpeg.
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testVideo } from '../../e2e/support/files'
import type { ServeHandle } from '../../e2e/support/serve-process'
import { KEY, dataUrl, handPromptTokens, startApiServe } from './api-support'

let serve: ServeHandle
let temp: string

beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'mpp-api-curl-'))
  serve = await startApiServe(['--api-timeout', '10'])
})

afterAll(async () => {
  await serve?.stop()
  await rm(temp, { recursive: true, force: true })
})

interface CurlReply {
  readonly status: number
  readonly headers: Map<string, string>
  readonly body: string
}

/** POSTs JSON (from stdin) with curl -i; the raw reply split into status, headers and body. */
function curl(path: string, body: unknown, key = KEY): Promise<CurlReply> {
  return new Promise((resolve, reject) => {
    const args = ['-sS', '-N', '-i', '-H', `Authorization: Bearer ${key}`]
    args.push('-H', 'Content-Type: application/json', '--data-binary', '@-')
    const child = spawn('curl', [...args, `${serve.api?.url}${path}`])
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')))
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code === 0) resolve(splitReply(out))
      else reject(new Error(`curl exited with ${code}: ${err}`))
    })
    child.stdin.end(JSON.stringify(body))
  })
}

function splitReply(raw: string): CurlReply {
  const end = raw.indexOf('\r\n\r\n')
  const [statusLine, ...lines] = raw.slice(0, end).split('\r\n')
  const headers = new Map<string, string>()
  for (const line of lines) {
    const colon = line.indexOf(':')
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim())
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: raw.slice(end + 4) }
}

/** Each SSE event's data; the stream must be only `data:` events separated by blank lines. */
function sseData(body: string): string[] {
  expect(body.endsWith('\n\n')).toBe(true)
  return body
    .slice(0, -2)
    .split('\n\n')
    .map((event) => {
      expect(event.startsWith('data: ')).toBe(true)
      expect(event.includes('\n')).toBe(false)
      return event.slice('data: '.length)
    })
}

const ask = (content: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  model: 'mpp',
  messages: [{ role: 'user', content }],
  max_tokens: 20,
  ...extra
})

interface Completion {
  id: string
  object: string
  choices: { index: number; message: { role: string; content: string }; finish_reason: string }[]
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number }
}

describe('the local API through curl', () => {
  it('streams well-formed SSE chunks that join to the non-streamed answer', async () => {
    const question = [
      { type: 'text', text: 'What is it?' },
      { type: 'image_url', image_url: { url: dataUrl('small-50x37.png') } }
    ]
    const plain = await curl('/chat/completions', ask(question))
    expect(plain.status).toBe(200)
    expect(plain.headers.get('content-type')).toBe('application/json')
    const whole = JSON.parse(plain.body) as Completion
    expect(whole.object).toBe('chat.completion')
    expect(whole.id).toMatch(/^chatcmpl-/)

    const streamed = await curl(
      '/chat/completions',
      ask(question, { stream: true, stream_options: { include_usage: true } })
    )
    expect(streamed.status).toBe(200)
    expect(streamed.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const events = sseData(streamed.body)
    expect(events.at(-1)).toBe('[DONE]')
    const chunks = events.slice(0, -1).map((data) => JSON.parse(data) as Record<string, unknown>)
    const ids = new Set(chunks.map((chunk) => chunk.id))
    expect(ids.size).toBe(1)
    for (const chunk of chunks) {
      expect(chunk.object).toBe('chat.completion.chunk')
      expect(chunk.model).toBe('demo-model')
      expect(typeof chunk.created).toBe('number')
      expect('usage' in chunk).toBe(true)
    }
    type Choice = {
      index: number
      delta: { role?: string; content?: string }
      finish_reason: string | null
    }
    const choicesOf = (chunk: Record<string, unknown>): Choice[] => chunk.choices as Choice[]
    expect(choicesOf(chunks[0])[0].delta.role).toBe('assistant')
    const text = chunks
      .flatMap(choicesOf)
      .map((c) => c.delta.content ?? '')
      .join('')
    expect(text).toBe(whole.choices[0].message.content)
    const finishing = chunks.flatMap(choicesOf).filter((c) => c.finish_reason !== null)
    expect(finishing.map((c) => c.finish_reason)).toEqual([whole.choices[0].finish_reason])
    const last = chunks.at(-1) as { choices: unknown[]; usage: Completion['usage'] }
    expect(last.choices).toEqual([])
    expect(last.usage.prompt_tokens).toBe(whole.usage.prompt_tokens)
    expect(last.usage.completion_tokens).toBe(whole.usage.completion_tokens)
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true)
  })

  it('answers a wrong key with the OpenAI error object', async () => {
    const reply = await curl('/chat/completions', ask('Hi'), 'nope-nope-nope')
    expect(reply.status).toBe(401)
    expect(JSON.parse(reply.body)).toEqual({
      error: {
        message: 'Wrong API key',
        type: 'authentication_error',
        param: null,
        code: 'invalid_api_key'
      }
    })
  })

  it('takes a video_url of a local file with a frame count, one <Img> around its frames', async () => {
    const clip = testVideo(temp, 6)
    const url = pathToFileURL(join(temp, clip.name)).href
    const content = [
      { type: 'video_url', video_url: { url, frames: 3 } },
      { type: 'text', text: 'What happens?' }
    ]
    const reply = await curl('/chat/completions', ask(content))
    expect(reply.status).toBe(200)
    const answer = JSON.parse(reply.body) as Completion
    expect(answer.usage.prompt_tokens).toBe(
      handPromptTokens('You are a helpful assistant.', [
        { query: 'What happens?', images: 0, videoFrames: 3 }
      ])
    )
  })

  it('cuts the answer at a stop sequence', async () => {
    const full = JSON.parse((await curl('/chat/completions', ask('Say more.'))).body) as Completion
    const text = full.choices[0].message.content
    const stop = text.slice(6, 9)
    const before = text.slice(0, text.indexOf(stop)).trim()
    const cut = JSON.parse(
      (await curl('/chat/completions', ask('Say more.', { stop: [stop] }))).body
    ) as Completion
    expect(cut.choices[0].message.content).toBe(before)
    expect(cut.choices[0].finish_reason).toBe('stop')
    expect(cut.usage.completion_tokens).toBeLessThan(full.usage.completion_tokens)
  })

  it('samples n choices, choice i with seed + i', async () => {
    const sampled = { temperature: 0.9, seed: 11 }
    const both = JSON.parse(
      (await curl('/chat/completions', ask('Pick a word.', { ...sampled, n: 2 }))).body
    ) as Completion
    expect(both.choices.map((c) => c.index)).toEqual([0, 1])
    for (const [index, seed] of [11, 12].entries()) {
      const one = JSON.parse(
        (await curl('/chat/completions', ask('Pick a word.', { ...sampled, seed }))).body
      ) as Completion
      expect(both.choices[index].message.content).toBe(one.choices[0].message.content)
    }
    expect(both.choices[0].message.content).not.toBe(both.choices[1].message.content)
    expect(both.usage.completion_tokens).toBeGreaterThan(both.choices.length)
  })

  it('ends a request that runs past the wall-clock limit with 408, and serves the next', async () => {
    const started = Date.now()
    const slow = await curl('/chat/completions', ask('Write a long story.', { max_tokens: 6000 }))
    expect(slow.status).toBe(408)
    expect(JSON.parse(slow.body).error.message).toBe(
      'The request ran past the wall-clock limit of 10 s'
    )
    expect(Date.now() - started).toBeLessThan(40_000)
    const next = await curl('/chat/completions', ask('Hi', { max_tokens: 3 }))
    expect(next.status).toBe(200)
  })
})
