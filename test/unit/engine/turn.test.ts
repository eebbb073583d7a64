// Turn orchestration over a scripted sequence model (loop-logic double, no ONNX): the prompt
// limit is checked before any media work, follow-ups prefill only new positions, the cache
// holds exactly what the KV holds, and cancellation mid-answer keeps a consistent cache.
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_GENERATION_OPTIONS,
  type GenerateRequest,
  type GenerationOptions
} from '../../../main/inference/engine-api'
import { EngineError } from '../../../main/inference/engine-errors'
import { runTurn, type TurnContext } from '../../../main/inference/engine/turn'
import type { TurnPorts } from '../../../main/inference/engine/turn-ports'
import { ConversationCache } from '../../../main/inference/generation/conversation-cache'
import { scriptedModel, type ScriptedSequence } from '../generation/scripted-sequence'

const PAD = 99
const STOP = 98
// Prompt: each turn's query as char codes mod 50, an image pad per image, then the response.
function promptOf(req: GenerateRequest, counts: readonly (readonly number[])[]): number[] {
  const ids: number[] = [1]
  req.turns.forEach((turn, t) => {
    for (const n of counts[t]) for (let i = 0; i < n; i++) ids.push(PAD)
    for (const ch of turn.query) ids.push(ch.charCodeAt(0) % 50)
    ids.push(2)
    if (turn.response !== undefined) for (const ch of turn.response) ids.push(ch.charCodeAt(0) % 50)
  })
  return ids
}

// The model answers token (last id + 1) % 10 + 60, stopping after 4 tokens.
const model = scriptedModel(100, (h) => {
  const last = h[h.length - 1] ?? 0
  const generated = h.filter((id) => id >= 60 && id < 70).length
  return generated >= 4 && last >= 60 ? { [STOP]: 0.9 } : { [((last + 1) % 10) + 60]: 0.9 }
})

function context(extra: Partial<TurnPorts> = {}): {
  ctx: TurnContext
  extended: number[][]
  encodes: number
} {
  const state = { extended: [] as number[][], encodes: 0 }
  const ports: TurnPorts = {
    prompt: (req, counts) => ({
      ids: promptOf(req, counts),
      keptTurns: req.turns.map((_, i) => i)
    }),
    countImages: async () => 1,
    encode: async (item) => {
      state.encodes++
      return { count: 1, rows: new Float32Array(2).fill(item.path.length), keys: [item.path] }
    },
    openSequence: () => {
      const seq = model.open() as ScriptedSequence
      const extend = seq.extend.bind(seq)
      seq.extend = async (input) => {
        state.extended.push([...input.ids])
        return extend(input)
      }
      return seq
    },
    policy: () => ({ process: () => undefined, choose: (s) => s.indexOf(Math.max(...s)) }),
    streamingText: () => ({ push: (id) => `<${id}>`, flush: () => '' }),
    decodeText: (ids) => ids.map((id) => `<${id}>`).join(''),
    ...extra
  }
  const ctx: TurnContext = {
    ports,
    facts: {
      hidden: 2,
      imagePadId: PAD,
      stopIds: new Set([STOP]),
      seqLength: 1000,
      useDynamicNtk: true,
      maxContext: 64,
      prefillChunk: 4
    },
    conversations: new ConversationCache(PAD, 4)
  }
  return {
    ctx,
    get extended() {
      return state.extended
    },
    get encodes() {
      return state.encodes
    }
  }
}

const options: GenerationOptions = { ...DEFAULT_GENERATION_OPTIONS, maxNewTokens: 8 }
const image = { kind: 'image' as const, path: 'cat.png' }

describe('runTurn', () => {
  it('streams, stops and reports prompt and generated counts', async () => {
    const t = context()
    const deltas: string[] = []
    const req = {
      conversationId: 'a',
      system: '',
      turns: [{ query: 'hi', media: [image] }],
      options
    }
    const result = await runTurn(t.ctx, req, { onDelta: (d) => deltas.push(d) })
    expect(result.ids).toEqual([63, 64, 65, 66])
    expect(deltas.join('')).toBe('<63><64><65><66>')
    expect(result.stats.stopReason).toBe('stop-token')
    expect(result.stats.promptTokens).toBe(5)
    expect(result.stats.prefillTokens).toBe(5)
    // Prefill in chunks of 4 positions, then one position per decode step.
    expect(t.extended.slice(0, 2).map((c) => c.length)).toEqual([4, 1])
  })

  it('prefills only the new positions of a follow-up turn', async () => {
    const t = context()
    const first = { query: 'hi', media: [image] }
    await runTurn(t.ctx, { conversationId: 'a', system: '', turns: [first], options })
    t.extended.length = 0
    const follow = {
      conversationId: 'a',
      system: '',
      turns: [
        { ...first, response: 'xyz' },
        { query: 'ok', media: [] }
      ],
      options
    }
    const result = await runTurn(t.ctx, follow)
    // The first prompt (5 positions) is reused; the rest (response, new query) is prefilled.
    expect(result.stats.promptTokens).toBe(11)
    expect(result.stats.prefillTokens).toBe(6)
    expect(t.extended[0]).toEqual(promptOf(follow, [[1], []]).slice(5, 9))
  })

  it('decodes with beam search when beams are asked for: one delta at the end, prompt cached', async () => {
    const t = context()
    const deltas: string[] = []
    const first = { query: 'hi', media: [image] }
    const beams = { ...options, numBeams: 2 }
    const req = { conversationId: 'b', system: '', turns: [first], options: beams }
    const result = await runTurn(t.ctx, req, { onDelta: (d) => deltas.push(d) })
    // The scripted model gives each next token 0.9, so the best beam is the greedy answer.
    expect(result.ids).toEqual([63, 64, 65, 66])
    expect(deltas).toEqual(['<63><64><65><66>'])
    t.extended.length = 0
    const follow = {
      conversationId: 'b',
      system: '',
      turns: [
        { ...first, response: 'xyz' },
        { query: 'ok', media: [] }
      ],
      options
    }
    // Beams run on forks: the conversation's sequence kept the 5 prompt positions only.
    expect((await runTurn(t.ctx, follow)).stats.prefillTokens).toBe(6)
  })

  it('rejects a too-long prompt before encoding media or opening a sequence', async () => {
    const t = context()
    const req = {
      conversationId: 'a',
      system: '',
      turns: [{ query: 'x'.repeat(60), media: [image] }],
      options
    }
    await expect(runTurn(t.ctx, req)).rejects.toThrow(EngineError)
    await expect(runTurn(t.ctx, req)).rejects.toMatchObject({ code: 'PROMPT_TOO_LONG' })
    expect(t.encodes).toBe(0)
    expect(t.extended).toEqual([])
  })

  it('keeps a consistent cache after a cancelled answer', async () => {
    const t = context()
    const controller = new AbortController()
    const req = { conversationId: 'a', system: '', turns: [{ query: 'hi', media: [] }], options }
    const result = await runTurn(
      t.ctx,
      req,
      { onDelta: () => controller.abort() },
      controller.signal
    )
    expect(result.stats.stopReason).toBe('cancelled')
    expect(result.ids).toEqual([63])
    // The same request again reuses all but the last prompt position.
    t.extended.length = 0
    const again = await runTurn(t.ctx, req)
    expect(again.stats.prefillTokens).toBe(1)
    expect(again.ids).toEqual([63, 64, 65, 66])
  })

  it('turns an abort during media encoding into a cancelled answer', async () => {
    const controller = new AbortController()
    const t = context({
      encode: async () => {
        controller.abort()
        throw new DOMException('aborted', 'AbortError')
      }
    })
    const req = {
      conversationId: 'a',
      system: '',
      turns: [{ query: 'hi', media: [image] }],
      options
    }
    const result = await runTurn(t.ctx, req, {}, controller.signal)
    expect(result.stats.stopReason).toBe('cancelled')
    expect(result.ids).toEqual([])
    expect(t.extended).toEqual([])
  })

  it('reports a history image the window left out as not in the prompt, and never encodes it', async () => {
    // A window that keeps only the newest turn, as the seed's 6144-token window may.
    const t = context({
      prompt: (req, counts) => {
        const last = req.turns.length - 1
        return {
          ids: promptOf({ ...req, turns: [req.turns[last]] }, [counts[last]]),
          keptTurns: [last]
        }
      }
    })
    const result = await runTurn(t.ctx, {
      conversationId: 'w',
      system: '',
      turns: [
        { query: 'old', media: [{ kind: 'image', path: 'old.png' }], response: 'r' },
        { query: 'new', media: [image] }
      ],
      options
    })
    expect(t.encodes).toBe(1)
    expect(result.stats.media).toEqual([
      { turn: 0, index: 0, kind: 'image', images: 1, imageTokens: 0, inPrompt: false },
      { turn: 1, index: 0, kind: 'image', images: 1, imageTokens: 1, inPrompt: true }
    ])
  })
})
