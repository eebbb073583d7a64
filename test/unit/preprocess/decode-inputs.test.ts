// Bad image input: each kind of broken file gets its own typed MediaError, never a crash, and an
// oversized image is refused from its header without decoding it. Also the inputs Pillow cannot
// be compared on: AVIF, and bytes instead of a path.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { decodeRgb, preprocessImage } from '../../../main/inference/preprocess'
import { MediaError } from '../../../main/media/errors'
import { pngHeaderOnly } from '../../helpers/png-header'

const dir = mkdtempSync(join(tmpdir(), 'mpp-decode-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const photo = resolve(import.meta.dirname, '../../fixtures/media/images/photo-640x427.jpg')

async function failure(input: string | Uint8Array): Promise<MediaError> {
  const error = await decodeRgb(input).then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(MediaError)
  return error as MediaError
}

describe('decodeRgb on bad input', () => {
  it('a zero-byte file is EMPTY_FILE', async () => {
    const file = join(dir, 'empty.jpg')
    writeFileSync(file, '')
    const error = await failure(file)
    expect(error.code).toBe('EMPTY_FILE')
    expect(error.message).toContain('empty.jpg')
    expect((await failure(new Uint8Array(0))).code).toBe('EMPTY_FILE')
  })

  it('a missing file is NOT_FOUND', async () => {
    expect((await failure(join(dir, 'nothing-here.png'))).code).toBe('NOT_FOUND')
  })

  it('a text file named .jpg is NOT_AN_IMAGE', async () => {
    const file = join(dir, 'notes.jpg')
    writeFileSync(file, 'these are my holiday notes, not a picture\n')
    const error = await failure(file)
    expect(error.code).toBe('NOT_AN_IMAGE')
    expect(error.message).toBe('notes.jpg is not a readable image: unknown format')
  })

  it('a JPEG cut in half is TRUNCATED', async () => {
    const bytes = readFileSync(photo)
    const file = join(dir, 'cut.jpg')
    writeFileSync(file, bytes.subarray(0, bytes.length >> 1))
    const error = await failure(file)
    expect(error.code).toBe('TRUNCATED')
    expect(error.message).toBe('cut.jpg is not a readable image: truncated image data')
  })

  it('a 30000x30000 image is TOO_LARGE, refused from its header without decoding', async () => {
    const file = join(dir, 'huge.png')
    writeFileSync(file, pngHeaderOnly(30000, 30000))
    const started = performance.now()
    const error = await failure(file)
    expect(error.code).toBe('TOO_LARGE')
    expect(error.message).toContain('30000x30000')
    // Decoding would allocate 2.7 GB and take many seconds; the header check takes milliseconds.
    expect(performance.now() - started).toBeLessThan(3000)
  })

  it('the pixel limit is configurable', async () => {
    const error = await decodeRgb(photo, { maxPixels: 640 * 426 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MediaError)
    expect((error as MediaError).code).toBe('TOO_LARGE')
    const image = await decodeRgb(photo, { maxPixels: 640 * 427 })
    expect(image.width).toBe(640)
  })

  it('AVIF decodes (lossless AVIF gives back the source pixels exactly)', async () => {
    // Pillow 9.4 has no AVIF support to compare with, so the truth is the pixels encoded.
    const png = resolve(import.meta.dirname, '../../fixtures/media/images/small-50x37.png')
    const source = await decodeRgb(png)
    const raw = { width: source.width, height: source.height, channels: 3 } as const
    const avif = await sharp(source.data, { raw }).avif({ lossless: true }).toBuffer()
    const decoded = await decodeRgb(new Uint8Array(avif))
    expect([decoded.width, decoded.height]).toEqual([50, 37])
    expect(Buffer.from(decoded.data).equals(Buffer.from(source.data))).toBe(true)
  })

  it('preprocessImage accepts the bytes of a file as well as its path', async () => {
    const fromPath = await preprocessImage(photo)
    const fromBytes = await preprocessImage(new Uint8Array(readFileSync(photo)))
    expect(Buffer.from(fromBytes.buffer).equals(Buffer.from(fromPath.buffer))).toBe(true)
    expect(fromPath.length).toBe(3 * 224 * 224)
  })
})
