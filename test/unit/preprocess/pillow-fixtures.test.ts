// The decoder and resizer against Pillow 9.4: decoded RGB bytes and 224x224 bicubic output of
// synthetic images in every supported format and mode (test/fixtures/media, made with Pillow),
// and the full preprocessing against the shared Pillow/torchvision tensors.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { gunzipSync } from 'node:zlib'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { decodeRgb, preprocessImage, resizeBicubic } from '../../../main/inference/preprocess'

const repo = resolve(import.meta.dirname, '../../..')
const media = join(repo, 'test/fixtures/media')
const shared = resolve(repo, '../shared/fixtures')

interface ExpectedImage {
  mode: string
  width: number
  height: number
  decodedSha256: string
}

const expected = JSON.parse(readFileSync(join(media, 'expected.json'), 'utf8')) as {
  images: Record<string, ExpectedImage>
}

function countDifferences(a: Uint8Array, b: Uint8Array): number {
  let differences = 0
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differences++
  return differences
}

describe('decodeRgb and resizeBicubic (JS and WebAssembly SIMD passes) reproduce Pillow', () => {
  for (const [name, want] of Object.entries(expected.images)) {
    it(`${name} (Pillow mode ${want.mode})`, async () => {
      const image = await decodeRgb(join(media, 'images', name))
      expect([image.width, image.height]).toEqual([want.width, want.height])
      const sha = createHash('sha256').update(image.data).digest('hex')
      expect(sha).toBe(want.decodedSha256)
      const pillow = gunzipSync(readFileSync(join(media, 'images', `${name}.224.rgb.gz`)))
      for (const simd of [false, true]) {
        const resized = resizeBicubic(image.data, image.width, image.height, 224, 224, { simd })
        expect(resized.length).toBe(pillow.length)
        expect(countDifferences(resized, pillow)).toBe(0)
      }
    })
  }

  it('the ICC/orientation fixture carries a profile and a rotating EXIF orientation', async () => {
    // Guards the fixture itself: the exact match above only shows that both are ignored if the
    // file really has them and auto-orientation would change its shape.
    const file = join(media, 'images', 'icc-p3-orient6-160x120.jpg')
    const metadata = await sharp(file).metadata()
    expect(metadata.hasProfile).toBe(true)
    expect(metadata.orientation).toBe(6)
    const rotated = await sharp(file).autoOrient().raw().toBuffer({ resolveWithObject: true })
    expect([rotated.info.width, rotated.info.height]).toEqual([120, 160])
  })
})

describe('preprocessImage matches the shared Pillow/torchvision tensors', () => {
  const index = JSON.parse(readFileSync(join(shared, 'preprocess/index.json'), 'utf8')) as Record<
    string,
    { shape: number[] }
  >
  for (const name of Object.keys(index)) {
    it(name, async () => {
      const tensor = await preprocessImage(join(shared, 'images', name))
      const raw = readFileSync(join(shared, 'preprocess', `${name}.f32`))
      const want = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length))
      expect(tensor.length).toBe(3 * 224 * 224)
      expect(want.length).toBe(tensor.length)
      let worst = 0
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(want[i] - tensor[i]))
      expect(worst).toBeLessThan(1e-5)
    })
  }
})
