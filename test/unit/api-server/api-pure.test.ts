// The API's pure parts: OpenAI parameters onto GenerationOptions (and the 400s for what cannot be
// honoured), the streamed answer text (stop sequences split across deltas, Python strip), the
// FIFO queue's order and 429, and which cache slot a request continues.
import { describe, expect, it } from 'vitest'
import { AnswerText } from '../../../main/api-server/answer-text'
import { planDecoding } from '../../../main/api-server/generation-mapping'
import { OpenAiError } from '../../../main/api-server/openai-error'
import { PrefixReuse } from '../../../main/api-server/prefix-reuse'
import { RequestQueue } from '../../../main/api-server/request-queue'
import { parseChatRequest } from '../../../main/api-server/request-schema'

const base = { model: 'mpp', messages: [{ role: 'user', content: 'Hi' }] }
const plan = (extra: Record<string, unknown>): ReturnType<typeof planDecoding> =>
  planDecoding(parseChatRequest({ ...base, ...extra }))

function refusal(extra: Record<string, unknown>): OpenAiError {
  try {
    plan(extra)
  } catch (error) {
    if (error instanceof OpenAiError) return error
    throw error
  }
  throw new Error(`${JSON.stringify(extra)} was accepted`)
}

describe('OpenAI parameters onto generation options', () => {
  it('keeps the seed greedy default when nothing is asked', () => {
    expect(plan({}).options).toEqual({
      doSample: false,
      temperature: 1,
      topK: 50,
      topP: 1,
      repetitionPenalty: 1,
      numBeams: 1,
      maxNewTokens: 512,
      seed: 42
    })
  })

  it('samples at the given temperature with top-k off unless asked', () => {
    const options = plan({ temperature: 0.7, top_p: 0.9, seed: 3, max_tokens: 9 }).options
    expect(options).toMatchObject({ doSample: true, temperature: 0.7, topK: 0, topP: 0.9 })
    expect(options).toMatchObject({ seed: 3, maxNewTokens: 9 })
    expect(plan({ top_k: 5 }).options).toMatchObject({ doSample: true, temperature: 1, topK: 5 })
  })

  it('maps the extra fields and n', () => {
    const result = plan({ repetition_penalty: 1.2, num_beams: 3, n: 2, max_completion_tokens: 7 })
    expect(result.options).toMatchObject({ repetitionPenalty: 1.2, numBeams: 3, maxNewTokens: 7 })
    expect(result.choices).toBe(2)
    expect(plan({ stop: 'END' }).stop).toEqual(['END'])
  })

  it('refuses what it cannot honour, naming the parameter', () => {
    const cases: [Record<string, unknown>, string, number][] = [
      [{ presence_penalty: 0.1 }, 'presence_penalty', 400],
      [{ tool_choice: 'auto' }, 'tool_choice', 400],
      [{ logit_bias: { '1': 2 } }, 'logit_bias', 400],
      [{ num_beams: 2, temperature: 0.5 }, 'num_beams', 400],
      [{ max_tokens: 5, max_completion_tokens: 6 }, 'max_tokens', 400],
      [{ n: 9 }, 'n', 400],
      [{ temperature: 3 }, 'temperature', 400],
      [{ temperature: 0.05 }, 'temperature', 400],
      [{ top_k: 101 }, 'top_k', 400],
      [{ max_tokens: 9000 }, 'max_tokens', 400],
      [{ seed: 2 ** 32 - 1, n: 2, temperature: 1 }, 'seed', 400],
      [{ repetition_penalty: 0 }, 'repetition_penalty', 400],
      [{ seed: -1 }, 'seed', 400],
      [{ stop: ['a', 'b', 'c', 'd', 'e'] }, 'stop', 400]
    ]
    for (const [extra, param, status] of cases) {
      const error = refusal(extra)
      expect([error.param, error.status], JSON.stringify(extra)).toEqual([param, status])
    }
  })

  it('refuses unknown fields by name instead of ignoring them', () => {
    expect(() => parseChatRequest({ ...base, min_p: 0.1 })).toThrow(/min_p is not supported/)
    expect(() => parseChatRequest({ ...base, functions: [] })).toThrow(/function calling/)
    const named = { role: 'user', content: 'Hi', name: 'alice' }
    expect(() => parseChatRequest({ ...base, messages: [named] })).toThrow(/messages\.0/)
  })

  it('accepts the no-op values clients send by default', () => {
    const result = plan({
      frequency_penalty: 0,
      presence_penalty: 0,
      logprobs: false,
      response_format: { type: 'text' },
      tool_choice: 'none',
      top_p: 1,
      temperature: 0
    })
    expect(result.options.doSample).toBe(false)
  })
})

describe('the streamed answer text', () => {
  const run = (stops: string[], deltas: string[]): { pieces: string[]; text: string } => {
    const answer = new AnswerText(stops)
    const pieces = deltas.map((delta) => answer.push(delta))
    pieces.push(answer.flush())
    return { pieces, text: answer.text }
  }

  it('strips Python whitespace at both ends and keeps it inside', () => {
    const { pieces, text } = run([], ['  \n', 'Hello', ' ', ' world', '\n\n '])
    expect(pieces.join('')).toBe('Hello  world')
    expect(text).toBe('Hello  world')
  })

  it('cuts at a stop sequence split over deltas and holds back its possible start', () => {
    const { pieces } = run(['STOP'], ['one ST', 'O', 'P two'])
    expect(pieces).toEqual(['one', '', '', ''])
  })

  it('releases held text when the stop sequence does not come', () => {
    const { pieces } = run(['STOP'], ['one ST', 'ART'])
    expect(pieces.join('')).toBe('one START')
  })
})

describe('the request queue', () => {
  it('runs requests one at a time in arrival order and refuses past its bound', async () => {
    const queue = new RequestQueue(1)
    const order: string[] = []
    let release = (): void => {}
    const gate = new Promise<void>((resolve) => (release = resolve))
    const signal = new AbortController().signal
    const first = queue.run(signal, async () => {
      order.push('first')
      await gate
    })
    const second = queue.run(signal, async () => void order.push('second'))
    const third = queue.run(signal, async () => void order.push('third'))
    const error = await third.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAiError)
    expect((error as OpenAiError).status).toBe(429)
    expect(Number((error as OpenAiError).headers['retry-after'])).toBeGreaterThanOrEqual(1)
    release()
    await Promise.all([first, second])
    expect(order).toEqual(['first', 'second'])
  })

  it('lets a waiting request leave when its client goes', async () => {
    const queue = new RequestQueue(2)
    let release = (): void => {}
    const gate = new Promise<void>((resolve) => (release = resolve))
    const first = queue.run(new AbortController().signal, () => gate)
    const leaving = new AbortController()
    const waiting = queue.run(leaving.signal, async () => 'ran')
    leaving.abort()
    await expect(waiting).rejects.toBeDefined()
    expect(queue.depth).toBe(1)
    release()
    await first
    expect(queue.depth).toBe(0)
  })
})

describe('prefix reuse slots', () => {
  const image = { kind: 'image' as const, path: '/a.png' }
  const ask = (query: string): { query: string; media: never[] } => ({ query, media: [] })

  it('continues the slot whose transcript the request starts with', () => {
    const reuse = new PrefixReuse(2)
    const first = { system: 'S', turns: [ask('one')] }
    const a = reuse.choose(first)
    reuse.remember(a, first, 'answer one')
    const other = { system: 'S', turns: [ask('other')] }
    const b = reuse.choose(other)
    expect(b).not.toBe(a)
    reuse.remember(b, other, 'answer other')
    const followUp = { system: 'S', turns: [{ ...ask('one'), response: 'answer one' }, ask('two')] }
    expect(reuse.choose(followUp)).toBe(a)
  })

  it('sends a new question about the same images to the slot that holds them', () => {
    const reuse = new PrefixReuse(2)
    const unrelated = { system: 'S', turns: [ask('z')] }
    reuse.remember(reuse.choose(unrelated), unrelated, 'y')
    const first = { system: 'S', turns: [{ query: 'what?', media: [image] }] }
    const a = reuse.choose(first)
    reuse.remember(a, first, 'x')
    // The least recently used slot is the unrelated one; the images win over it.
    const again = { system: 'S', turns: [{ query: 'why?', media: [image] }] }
    expect(reuse.choose(again)).toBe(a)
  })
})
