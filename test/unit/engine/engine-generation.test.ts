// Decoding modes through the engine on the real tiny model: streaming deltas, the token limit,
// seeded sampling, beam search, cancellation within one step, and the prompt-length check that
// fails before any work.
import { cp, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Engine, EngineError } from '../../../main/inference/engine'
import {
  DEFAULT_GENERATION_OPTIONS,
  type GenerateRequest,
  type GenerationOptions
} from '../../../main/inference/engine-api'
import { CpuStage } from '../../../main/inference/runtime/cpu-stage'
import { makeTinyPackage, type TinyPackage } from './tiny-package'

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

let n = 0
function request(options: Partial<GenerationOptions>, query = 'Tell me a story.'): GenerateRequest {
  n += 1
  return {
    conversationId: `g${n}`,
    system: 'You are a helpful assistant.',
    turns: [{ query, media: [] }],
    options: { ...DEFAULT_GENERATION_OPTIONS, maxNewTokens: 10, ...options }
  }
}

describe('engine generation on the tiny model', () => {
  it('streams deltas that add up to the answer and keeps the last token at the limit', async () => {
    const deltas: string[] = []
    const result = await engine.generate(request({ maxNewTokens: 7 }), {
      onDelta: (d) => deltas.push(d)
    })
    expect(result.stats.stopReason).toBe('max-new-tokens')
    expect(result.ids).toHaveLength(7)
    expect(result.stats.generatedTokens).toBe(7)
    expect(deltas.join('').trim()).toBe(result.text)
    expect(result.ids.every((id) => id < 151851)).toBe(true)
    expect(result.stats.msToFirstToken).toBeGreaterThan(0)
    expect(result.stats.decodeTokensPerSec).toBeGreaterThan(0)
  })

  it('gives the same sample for the same seed and usually another for another seed', async () => {
    const sample = { doSample: true, topK: 0, temperature: 1.5, maxNewTokens: 8 }
    const a = await engine.generate(request({ ...sample, seed: 7 }))
    const b = await engine.generate(request({ ...sample, seed: 7 }))
    expect(b.ids).toEqual(a.ids)
    const others = await Promise.all(
      [8, 9, 10].map((seed) => engine.generate(request({ ...sample, seed })))
    )
    expect(others.some((o) => o.ids.join() !== a.ids.join())).toBe(true)
  })

  it('runs beam search deterministically', async () => {
    const beams = await engine.generate(request({ numBeams: 3, maxNewTokens: 6 }))
    const again = await engine.generate(request({ numBeams: 3, maxNewTokens: 6 }))
    expect(again.ids).toEqual(beams.ids)
    expect(beams.ids.length).toBeGreaterThan(0)
    expect(['stop-token', 'max-new-tokens']).toContain(beams.stats.stopReason)
  })

  it('stops within one decode step of an abort', async () => {
    const controller = new AbortController()
    let deltas = 0
    const result = await engine.generate(
      request({ maxNewTokens: 200 }),
      {
        onDelta: () => {
          deltas += 1
          if (deltas === 2) setImmediate(() => controller.abort())
        }
      },
      controller.signal
    )
    expect(result.stats.stopReason).toBe('cancelled')
    expect(result.ids.length).toBeLessThanOrEqual(3)
  })

  it('rejects a prompt that cannot fit before running anything', async () => {
    const started = performance.now()
    // The longest answer allowed (8192 new tokens) after a prompt of about 25k tokens overruns
    // the model's 32768-token context.
    const tooLong = request({ maxNewTokens: 8192 }, 'story '.repeat(25_000))
    await expect(engine.generate(tooLong)).rejects.toBeInstanceOf(EngineError)
    await expect(engine.generate(tooLong)).rejects.toMatchObject({ code: 'prompt-too-long' })
    expect(performance.now() - started).toBeLessThan(2000)
  })

  it('rejects invalid options with a readable message', async () => {
    await expect(engine.generate(request({ numBeams: 11 }))).rejects.toThrow(
      'num_beams must be a whole number from 1 to 10 (got 11)'
    )
  })

  it('refuses a package whose weights were corrupted in place, naming the file', async () => {
    const copy = join(tiny.root, 'corrupt-copy')
    await cp(tiny.pkgDir, copy, { recursive: true })
    const file = join(copy, 'weights', 'head.bin')
    const bytes = await readFile(file)
    bytes[bytes.length >> 1] ^= 0x40
    await writeFile(file, bytes)
    await expect(Engine.load(copy)).rejects.toMatchObject({
      code: 'hash-mismatch',
      message: expect.stringContaining('weights/head.bin is corrupt')
    })
  })

  it('reports checking each package file while loading', async () => {
    const manifest = JSON.parse(await readFile(join(tiny.pkgDir, 'manifest.json'), 'utf8')) as {
      files: Record<string, unknown>
    }
    const files = Object.keys(manifest.files)
    const seen: { done: number; total: number; message?: string }[] = []
    const loaded = await Engine.load(tiny.pkgDir, {
      onProgress: (p) => {
        if (p.phase === 'package' && p.done > 0) seen.push(p)
      }
    })
    await loaded.unload()
    expect(seen.map((p) => p.done)).toEqual(files.map((_, i) => i + 1))
    expect(new Set(seen.map((p) => p.total))).toEqual(new Set([files.length]))
    expect(seen.map((p) => p.message)).toEqual(files.map((f) => `checked ${f}`))
  })

  it('runs an all-CPU placement in this thread, as with no placement', async () => {
    // The app always asks for a placement (auto); on a machine with only a CPU that plan is one
    // CPU stage, which must not pay for a worker thread.
    const planned = await Engine.load(tiny.pkgDir, { placement: {} })
    try {
      const { stages } = planned.internals().chain
      expect(stages).toHaveLength(1)
      expect(stages[0]).toBeInstanceOf(CpuStage)
      const answer = await planned.generate(request({}))
      expect(answer.ids).toEqual((await engine.generate(request({}))).ids)
    } finally {
      await planned.unload()
    }
  })
})
