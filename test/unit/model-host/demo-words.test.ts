// The demo model writes only its harmless words, greedy or sampled hot over the whole vocabulary,
// so a first try of the app never shows whatever a random head would pick.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { DEMO_WORDS, ensureDemoModel } from '../../../main/inference/demo-model'
import { Engine } from '../../../main/inference/engine'
import { DEFAULT_GENERATION_OPTIONS } from '../../../main/inference/engine-api'

let home = ''
let engine: Engine

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'mpp-demo-words-'))
  engine = await Engine.load(await ensureDemoModel({ MPP_HOME: home }))
}, 300_000)

afterAll(async () => {
  await engine?.unload()
  await rm(home, { recursive: true, force: true })
})

it('answers with words from its short list only, greedy and sampled', async () => {
  const allowed = new Set<string>(DEMO_WORDS)
  for (const [query, options] of [
    ['Tell me a story.', {}],
    ['你好', { doSample: true, temperature: 1.5, topK: 0, topP: 1, seed: 3 }],
    ['Describe it!', { doSample: true, temperature: 1, topK: 50, topP: 0.9, seed: 11 }]
  ] as const) {
    const result = await engine.generate({
      conversationId: query,
      system: 'You are a helpful assistant.',
      turns: [{ query, media: [] }],
      options: { ...DEFAULT_GENERATION_OPTIONS, maxNewTokens: 40, ...options }
    })
    const words = result.text.split(' ').filter(Boolean)
    expect(words.length).toBeGreaterThan(20)
    expect(words.filter((word) => !allowed.has(word))).toEqual([])
  }
}, 300_000)
