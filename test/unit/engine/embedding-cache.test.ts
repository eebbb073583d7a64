// The embedding cache on real files in a temp dir: memory hits, disk hits across instances
// (a restart), and corrupted or truncated files being ignored and rewritten.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { EmbeddingCache, embeddingKey } from '../../../main/inference/engine/embedding-cache'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mpp-emb-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const rows = Float32Array.from({ length: 12 }, (_, i) => i * 0.5 - 1)
const options = (): { dir: string; entryFloats: number; maxMemoryEntries: number } => ({
  dir,
  entryFloats: 12,
  maxMemoryEntries: 2
})

describe('embeddingKey', () => {
  it('differs by frame, frame count and model', () => {
    const base = { fileSha256: 'ab', modelId: 'm1' }
    const keys = new Set([
      embeddingKey(base),
      embeddingKey({ ...base, frameIndex: 0, frameCount: 32 }),
      embeddingKey({ ...base, frameIndex: 1, frameCount: 32 }),
      embeddingKey({ ...base, frameIndex: 0, frameCount: 8 }),
      embeddingKey({ ...base, modelId: 'm2' })
    ])
    expect(keys.size).toBe(5)
  })
})

describe('EmbeddingCache', () => {
  it('serves a second instance (a restart) from disk', async () => {
    await new EmbeddingCache(options()).put('k1', rows)
    const again = await new EmbeddingCache(options()).get('k1')
    expect(again).toEqual(rows)
  })

  it('returns undefined for a key never stored', async () => {
    expect(await new EmbeddingCache(options()).get('nope')).toBeUndefined()
  })

  it('ignores a file whose payload was altered, and a truncated one, then rewrites it', async () => {
    const cache = new EmbeddingCache(options())
    await cache.put('k1', rows)
    const path = join(dir, 'k1.f32')
    const bytes = await readFile(path)
    bytes[bytes.length - 1] ^= 0xff
    await writeFile(path, bytes)
    expect(await new EmbeddingCache(options()).get('k1')).toBeUndefined()
    await writeFile(path, bytes.subarray(0, 20))
    expect(await new EmbeddingCache(options()).get('k1')).toBeUndefined()
    await new EmbeddingCache(options()).put('k1', rows)
    expect((await stat(path)).size).toBe(40 + 48)
    expect(await new EmbeddingCache(options()).get('k1')).toEqual(rows)
  })

  it('keeps recent entries in memory and evicts the oldest', async () => {
    const cache = new EmbeddingCache({ ...options(), dir: null })
    await cache.put('a', rows)
    await cache.put('b', rows)
    await cache.get('a')
    await cache.put('c', rows)
    expect(await cache.get('a')).toBe(rows)
    expect(await cache.get('b')).toBeUndefined()
  })
})
