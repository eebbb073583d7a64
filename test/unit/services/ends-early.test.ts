// Telling a cut-off picture by its bytes: a JPEG must end with its end-of-image marker FF D9
// (padding after it allowed), a PNG with its 12-byte IEND chunk. Files are the seed's example
// JPEG and a PNG written by sharp, whole and cut by hand.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { endsEarly } from '../../../main/services/ends-early'
import { FIXTURE_IMAGES } from '../../helpers/service-fixture'

const edges = (bytes: Buffer): [Buffer, Buffer] => [
  bytes.subarray(0, 64),
  bytes.subarray(Math.max(0, bytes.length - 64))
]

describe('endsEarly', () => {
  it('finds a JPEG cut anywhere before its end marker, and accepts padding after it', async () => {
    const jpeg = await readFile(join(FIXTURE_IMAGES, 'minigpt4_image_3.jpg'))
    expect([...jpeg.subarray(-2)]).toEqual([0xff, 0xd9])
    expect(endsEarly(...edges(jpeg))).toBe(false)
    expect(endsEarly(...edges(Buffer.concat([jpeg, Buffer.alloc(16)])))).toBe(false)
    for (const keep of [0.1, 1 / 3, 0.9, (jpeg.length - 1) / jpeg.length])
      expect(endsEarly(...edges(jpeg.subarray(0, Math.floor(jpeg.length * keep)))), `${keep}`).toBe(
        true
      )
  })

  it('finds a PNG without its IEND chunk', async () => {
    const png = await sharp({
      create: { width: 40, height: 30, channels: 3, background: '#336699' }
    })
      .png()
      .toBuffer()
    expect(endsEarly(...edges(png))).toBe(false)
    expect(endsEarly(...edges(png.subarray(0, png.length - 12)))).toBe(true)
    expect(endsEarly(...edges(png.subarray(0, png.length / 2)))).toBe(true)
  })

  it('says nothing of other files', () => {
    expect(endsEarly(...edges(Buffer.from('not a picture at all')))).toBe(false)
    expect(endsEarly(Buffer.alloc(0), Buffer.alloc(0))).toBe(false)
  })
})
