// Embedding row gathers from a raw table on disk (fp32 and fp16) and the image-row splice.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EmbeddingTable, spliceImageRows } from '../../../main/inference/runtime/embeddings'
import { RuntimeError } from '../../../main/inference/runtime/errors'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mpp-emb-'))
  // 3 rows × 2: row r = [r + 0.5, -(r + 1)]
  await writeFile(
    join(dir, 'f32.bin'),
    new Uint8Array(Float32Array.from([0.5, -1, 1.5, -2, 2.5, -3]).buffer)
  )
  // IEEE half bits written by hand: 1 = 0x3c00, -2 = 0xc000, 0.5 = 0x3800, 65504 = 0x7bff
  await writeFile(
    join(dir, 'f16.bin'),
    new Uint8Array(Uint16Array.from([0x3c00, 0xc000, 0x3800, 0x7bff]).buffer)
  )
})
afterAll(async () => rm(dir, { recursive: true, force: true }))

describe('EmbeddingTable', () => {
  it('gathers float32 rows in id order', () => {
    const t = new EmbeddingTable(join(dir, 'f32.bin'), 3, 2, 'float32')
    expect(Array.from(t.gather([2, 0, 2]))).toEqual([2.5, -3, 0.5, -1, 2.5, -3])
    t.close()
  })
  it('widens float16 rows exactly', () => {
    const t = new EmbeddingTable(join(dir, 'f16.bin'), 2, 2, 'float16')
    expect(Array.from(t.gather([1, 0]))).toEqual([0.5, 65504, 1, -2])
    t.close()
  })
  it('rejects ids outside the table with a typed error', () => {
    const t = new EmbeddingTable(join(dir, 'f32.bin'), 3, 2, 'float32')
    expect(() => t.gather([3])).toThrowError(expect.objectContaining({ code: 'BAD_TOKEN' }))
    t.close()
  })
})

describe('spliceImageRows', () => {
  it('fills image slots in order and leaves text rows alone', () => {
    const embeds = Float32Array.from([1, 1, 2, 2, 3, 3, 4, 4])
    spliceImageRows(embeds, [5, 9, 6, 9], 9, Float32Array.from([7, 7, 8, 8]), 2)
    expect(Array.from(embeds)).toEqual([1, 1, 7, 7, 3, 3, 8, 8])
  })
  it('throws image-count-mismatch when slots and rows differ', () => {
    const embeds = new Float32Array(4)
    const call = (): void => spliceImageRows(embeds, [9, 1], 9, new Float32Array(4), 2)
    expect(call).toThrow(RuntimeError)
    expect(call).toThrowError(/1 image slots but 2 image embedding rows/)
    expect(() => spliceImageRows(embeds, [9, 1], 9, undefined, 2)).toThrowError(
      expect.objectContaining({ code: 'IMAGE_COUNT_MISMATCH' })
    )
  })
})
