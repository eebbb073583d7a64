// The attachment store: content-addressed copies with real sharp decoding; unreadable and
// unsupported files fail with the file's name in the message.
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { hugePng } from '../../helpers/huge-png'
import { FIXTURE_IMAGES, serviceFixture } from '../../helpers/service-fixture'

const JPEG = join(FIXTURE_IMAGES, 'minigpt4_image_3.jpg')

describe('AttachmentStore', () => {
  it('copies a file under the sha256 of its bytes with kind, size and a thumbnail', async () => {
    const { attachments, root } = await serviceFixture(null)
    const bytes = await readFile(JPEG)
    const meta = await sharp(bytes).metadata()
    const info = await attachments.addPath(JPEG)
    expect(info.id).toBe(createHash('sha256').update(bytes).digest('hex'))
    expect(info).toMatchObject({ kind: 'image', bytes: bytes.length, name: 'minigpt4_image_3.jpg' })
    expect([info.width, info.height]).toEqual([meta.width, meta.height])
    expect(info.thumbnail.startsWith('data:image/jpeg;base64,')).toBe(true)
    const thumb = await sharp(Buffer.from(info.thumbnail.split(',')[1], 'base64')).metadata()
    expect(Math.max(thumb.width ?? 0, thumb.height ?? 0)).toBe(160)
    expect(existsSync(join(root, 'attachments', `${info.id}.jpg`))).toBe(true)
    expect(await attachments.pathOf(info.id)).toBe(join(root, 'attachments', `${info.id}.jpg`))
  })

  it('gives the same id to the same content added twice, by path or as an upload', async () => {
    const { attachments } = await serviceFixture(null)
    const first = await attachments.addPath(JPEG)
    const second = await attachments.addStream('copy.jpg', Readable.from(await readFile(JPEG)))
    expect(second.id).toBe(first.id)
  })

  it('refuses a truncated image, naming the file', async () => {
    const { attachments, root } = await serviceFixture(null)
    const bytes = await readFile(JPEG)
    const broken = join(root, 'broken.jpg')
    await writeFile(broken, bytes.subarray(0, Math.floor(bytes.length / 3)))
    await expect(attachments.addPath(broken)).rejects.toMatchObject({
      code: 'UNREADABLE_FILE',
      message: expect.stringContaining('broken.jpg is not a readable image'),
      file: { problem: 'truncated' }
    })
  })

  it('calls every cut-off JPEG cut off when many fail at once', async () => {
    // libvips has one error buffer for all threads: decoding several broken pictures at once, a
    // truncated JPEG's error sometimes came back as "Unknown error" (13 of 80 here) and was
    // called unreadable.
    const { attachments, root } = await serviceFixture(null)
    const bytes = await readFile(JPEG)
    const paths = await Promise.all(
      Array.from({ length: 24 }, async (_, i) => {
        const path = join(root, `broken-${i}.jpg`)
        await writeFile(path, bytes.subarray(0, Math.floor(bytes.length / 3) + i))
        return path
      })
    )
    const problems = await Promise.all(
      paths.map((path) =>
        attachments.addPath(path).then(
          () => 'added',
          (error: { file?: { problem: string } }) => error.file?.problem
        )
      )
    )
    expect(problems).toEqual(paths.map(() => 'truncated'))
  })

  it('tells an empty file and one over the pixel limit apart, for the renderer to say why', async () => {
    const { attachments, root } = await serviceFixture(null)
    await writeFile(join(root, 'empty.jpg'), '')
    await expect(attachments.addPath(join(root, 'empty.jpg'))).rejects.toMatchObject({
      code: 'UNREADABLE_FILE',
      file: { problem: 'empty' }
    })
    // 20000×10000 = 200 MP, over Pillow's decompression-bomb limit of 178,956,970 pixels.
    await writeFile(join(root, 'huge.png'), hugePng(20_000, 10_000))
    await expect(attachments.addPath(join(root, 'huge.png'))).rejects.toMatchObject({
      code: 'UNSUPPORTED_FILE',
      file: { problem: 'too-many-pixels', limit: 179 }
    })
  })

  it('refuses text pretending to be an image, unknown types and missing files', async () => {
    const { attachments, root } = await serviceFixture(null)
    await writeFile(join(root, 'fake.png'), 'hello')
    await writeFile(join(root, 'notes.txt'), 'hello')
    await expect(attachments.addPath(join(root, 'fake.png'))).rejects.toMatchObject({
      code: 'UNREADABLE_FILE'
    })
    await expect(attachments.addPath(join(root, 'notes.txt'))).rejects.toMatchObject({
      code: 'UNSUPPORTED_FILE'
    })
    await expect(attachments.addPath(join(root, 'gone.jpg'))).rejects.toMatchObject({
      code: 'UNREADABLE_FILE'
    })
  })
})
