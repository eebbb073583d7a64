// Image and video embeddings on the real tiny model: cached by content in memory and in
// PKG/.cache/embeddings, so a restarted engine never runs the vision tower for media it has
// seen, and a damaged cache file is ignored and rewritten. Videos come from the real ffmpeg.
import { execFileSync } from 'node:child_process'
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Engine } from '../../../main/inference/engine'
import { DEFAULT_GENERATION_OPTIONS, type MediaItem } from '../../../main/inference/engine-api'
import { makeTinyPackage, type TinyPackage } from './tiny-package'

const IMAGES = join(process.cwd(), '..', 'shared', 'fixtures', 'images')
const cat: MediaItem = { kind: 'image', path: join(IMAGES, '004090033.jpg') }
const options = { ...DEFAULT_GENERATION_OPTIONS, maxNewTokens: 4 }

let tiny: TinyPackage
let video: string
beforeAll(async () => {
  tiny = await makeTinyPackage()
  video = join(tiny.root, 'clip.mp4')
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=64x48:rate=10:duration=4',
    '-pix_fmt',
    'yuv420p',
    video
  ])
})
afterAll(async () => {
  if (tiny !== undefined) await rm(tiny.root, { recursive: true, force: true })
})

async function ask(engine: Engine, media: MediaItem[], id: string): Promise<readonly number[]> {
  const result = await engine.generate({
    conversationId: id,
    system: 'S',
    turns: [{ query: 'What is shown?', media }],
    options
  })
  return result.ids
}

const cacheDir = (): string => join(tiny.pkgDir, '.cache', 'embeddings')

describe('embedding cache on the tiny model', () => {
  it('never runs the vision tower twice for one image, across engine restarts', async () => {
    const first = await Engine.load(tiny.pkgDir)
    const ids = await ask(first, [cat], 'a')
    expect(first.internals().media.visionRuns).toBe(1)
    await ask(first, [cat], 'b')
    expect(first.internals().media.visionRuns).toBe(1)
    await first.unload()

    const second = await Engine.load(tiny.pkgDir)
    expect(await ask(second, [cat], 'c')).toEqual(ids)
    expect(second.internals().media.visionRuns).toBe(0)
    await second.unload()
  })

  it('ignores a corrupted cache file, encodes again and rewrites it', async () => {
    const files = (await readdir(cacheDir())).filter((f) => f.endsWith('.f32'))
    expect(files.length).toBeGreaterThan(0)
    for (const file of files) {
      const bytes = await readFile(join(cacheDir(), file))
      bytes[bytes.length - 3] ^= 0x55
      await writeFile(join(cacheDir(), file), bytes)
    }
    const engine = await Engine.load(tiny.pkgDir)
    const before = await ask(engine, [cat], 'd')
    expect(engine.internals().media.visionRuns).toBe(1)
    await engine.unload()
    const again = await Engine.load(tiny.pkgDir)
    expect(await ask(again, [cat], 'e')).toEqual(before)
    expect(again.internals().media.visionRuns).toBe(0)
    await again.unload()
  })

  it('caches video frames by file, frame and frame count', async () => {
    const clip: MediaItem = { kind: 'video', path: video, frames: 3 }
    const engine = await Engine.load(tiny.pkgDir)
    const encoded = await engine.encodeMedia([clip])
    expect(encoded.images).toBe(3)
    const runs = engine.internals().media.visionRuns
    expect(runs).toBeGreaterThan(0)
    await ask(engine, [clip], 'v1')
    expect(engine.internals().media.visionRuns).toBe(runs)
    // Another frame count samples other frames: new keys, new encoding.
    await engine.encodeMedia([{ ...clip, frames: 2 }])
    expect(engine.internals().media.visionRuns).toBeGreaterThan(runs)
    await engine.unload()
    const restarted = await Engine.load(tiny.pkgDir)
    await ask(restarted, [clip], 'v2')
    expect(restarted.internals().media.visionRuns).toBe(0)
    await restarted.unload()
  })

  it('reports what the model received for every media item, history included', async () => {
    const engine = await Engine.load(tiny.pkgDir)
    // 40 frames (4 s at 10 fps): the seed's rule for 8 frames takes every 5th, 8 in all.
    const clip: MediaItem = { kind: 'video', path: video, frames: 8 }
    const result = await engine.generate({
      conversationId: 'receipt',
      system: 'S',
      turns: [
        { query: 'First?', media: [cat], response: 'A cat.' },
        { query: 'And these?', media: [clip, cat] }
      ],
      options
    })
    await engine.unload()
    expect(result.stats.media).toEqual([
      { turn: 0, index: 0, kind: 'image', images: 1, imageTokens: 32, inPrompt: true },
      { turn: 1, index: 0, kind: 'video', images: 8, imageTokens: 256, inPrompt: true },
      { turn: 1, index: 1, kind: 'image', images: 1, imageTokens: 32, inPrompt: true }
    ])
    // 32 slots per image in the prompt itself: 10 images' worth.
    expect(result.stats.promptTokens).toBeGreaterThan(10 * 32)
  })
})
