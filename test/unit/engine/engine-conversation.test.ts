// The engine on the real tiny model (real converter, real ONNX Runtime): follow-up turns that
// reuse the conversation's KV give exactly the greedy ids of a from-scratch run, across several
// multi-image conversations, including one that crosses the tiny model's NTK threshold (128).
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Engine } from '../../../main/inference/engine'
import {
  DEFAULT_GENERATION_OPTIONS,
  type ChatTurn,
  type GenerateResult
} from '../../../main/inference/engine-api'
import { makeTinyPackage, type TinyPackage } from './tiny-package'

const IMAGES = join(process.cwd(), '..', 'shared', 'fixtures', 'images')
const cat = { kind: 'image' as const, path: join(IMAGES, '004090033.jpg') }
const other = { kind: 'image' as const, path: join(IMAGES, 'minigpt4_image_3.jpg') }
const options = { ...DEFAULT_GENERATION_OPTIONS, maxNewTokens: 6 }

let tiny: TinyPackage
let engine: Engine
beforeAll(async () => {
  tiny = await makeTinyPackage()
  engine = await Engine.load(tiny.pkgDir)
})
afterAll(async () => {
  await engine?.unload()
  if (tiny !== undefined) await rm(tiny.root, { recursive: true, force: true })
})

let fresh = 0
function scratch(turns: readonly ChatTurn[]): Promise<GenerateResult> {
  fresh += 1
  return engine.generate({
    conversationId: `scratch-${fresh}`,
    system: 'You are a helpful assistant.',
    turns,
    options
  })
}

/** Runs `queries` as one cached conversation and checks every turn against a fresh run. */
async function checkConversation(
  id: string,
  queries: readonly Omit<ChatTurn, 'response'>[]
): Promise<{ reused: number; prompt: number }[]> {
  const history: ChatTurn[] = []
  const reused: { reused: number; prompt: number }[] = []
  for (const query of queries) {
    const turns = [...history, query]
    const cached = await engine.generate({
      conversationId: id,
      system: 'You are a helpful assistant.',
      turns,
      options
    })
    const reference = await scratch(turns)
    expect(reference.ids.length).toBeGreaterThan(0)
    expect(cached.ids).toEqual(reference.ids)
    expect(reference.stats.prefillTokens).toBe(reference.stats.promptTokens)
    reused.push({
      reused: cached.stats.promptTokens - cached.stats.prefillTokens,
      prompt: cached.stats.promptTokens
    })
    history.push({ ...query, response: cached.text })
  }
  return reused
}

describe('engine conversations on the tiny model', () => {
  it('reuses the KV of short text turns and matches from-scratch greedy ids', async () => {
    const reused = await checkConversation('text', [
      { query: 'Hello there.', media: [] },
      { query: 'And then?', media: [] },
      { query: 'Tell me more.', media: [] }
    ])
    expect(reused.map((r) => r.reused > 0)).toEqual([false, true, true])
    expect(reused[2].reused).toBeGreaterThan(reused[1].reused)
  })

  it('matches from-scratch ids with an image per turn, across the NTK threshold', async () => {
    const turns = await checkConversation('images', [
      { query: 'What is this?', media: [cat] },
      { query: 'Compare with this one.', media: [other] },
      { query: 'And this one again?', media: [cat] },
      { query: 'Which is brighter?', media: [] }
    ])
    // The tiny model's seq_length is 128: prompts up to 128 tokens use alpha 1, 129-256 alpha 3
    // (MODEL-SPEC §5). A turn whose alpha differs from the previous turn's reuses nothing.
    const alpha = (n: number): number => (n <= 128 ? 1 : n <= 256 ? 3 : 7)
    const crossings = turns.slice(1).filter((t, i) => alpha(t.prompt) !== alpha(turns[i].prompt))
    expect(crossings.length).toBeGreaterThan(0)
    turns.slice(1).forEach((t, i) => {
      if (alpha(t.prompt) !== alpha(turns[i].prompt)) expect(t.reused).toBe(0)
      else expect(t.reused).toBeGreaterThan(40)
    })
    expect(alpha(turns[3].prompt)).toBe(3)
  })

  it('matches from-scratch ids with two images in the first turn', async () => {
    await checkConversation('two-images', [
      { query: 'Describe both.', media: [cat, other] },
      { query: 'And the first?', media: [] }
    ])
  })

  it('re-prefills from the first changed image when an earlier image is swapped', async () => {
    const first = { query: 'What is this?', media: [cat] }
    const a = await engine.generate({
      conversationId: 'swap',
      system: 'You are a helpful assistant.',
      turns: [first],
      options
    })
    const b = await engine.generate({
      conversationId: 'swap',
      system: 'You are a helpful assistant.',
      turns: [{ ...first, media: [other] }],
      options
    })
    // The prompt differs only inside the image slots: the reused prefix ends where they start.
    expect(b.stats.promptTokens).toBe(a.stats.promptTokens)
    expect(b.stats.prefillTokens).toBeGreaterThanOrEqual(32)
    const reference = await scratch([{ ...first, media: [other] }])
    expect(b.ids).toEqual(reference.ids)
  })
})
