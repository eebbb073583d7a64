// What the attachment store lets in and how it keeps it: one pixel limit, read from the image's
// header at upload and named in the message (the same limit and wording the model's decoder
// gives at send, where the stored name is turned back into the user's); private files (0600);
// names with control or bidi-override characters cleaned, and refused when nothing is left.
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { beforeEach, describe, expect, it } from 'vitest'
import { decodeRgb } from '../../../main/inference/preprocess'
import { AttachmentStore } from '../../../main/services/attachment-store'
import { turnErrorMessage } from '../../../main/services/turn-runner'
import type { Conversation } from '../../../preload/contract/types'
import { pngHeaderOnly } from '../../helpers/png-header'
import { FIXTURE_IMAGES, noVideo } from '../../helpers/service-fixture'

let dir: string
let store: AttachmentStore

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mpp-attach-hard-'))
  store = new AttachmentStore(join(dir, 'attachments'), noVideo)
})

const failureOf = (work: Promise<unknown>): Promise<{ code: string; message: string }> =>
  work.then(
    () => {
      throw new Error('expected a refusal')
    },
    (error: { code: string; message: string }) => error
  )

// Pillow's decompression-bomb threshold, 2 x 89,478,485 pixels, written out by hand.
const LIMIT_TEXT = '178,956,970 pixels'

describe('the pixel limit', () => {
  it('refuses a 16000x16000 PNG at upload from its header, naming the file and the limit', async () => {
    const png = pngHeaderOnly(16000, 16000)
    const error = await failureOf(store.addStream('big.png', Readable.from([png])))
    expect(error.code).toBe('UNSUPPORTED_FILE')
    expect(error.message).toBe(
      `big.png is too large: 16000x16000 pixels exceeds the limit of ${LIMIT_TEXT}`
    )
  })

  it('gives the same limit at send, under the name the user gave the file', async () => {
    const id = 'ab'.repeat(32)
    const stored = join(dir, `${id}.png`)
    await writeFile(stored, pngHeaderOnly(16000, 16000))
    const atSend = await decodeRgb(stored).catch((error: unknown) => error)
    const conversation = {
      attachments: [{ id, label: 'A', name: 'big.png', kind: 'image', frames: null }]
    } as unknown as Conversation
    expect(turnErrorMessage(atSend, conversation)).toBe(
      `big.png (A) is too large: 16000x16000 pixels exceeds the limit of ${LIMIT_TEXT}`
    )
  })
})

describe('stored files', () => {
  it('are readable by this user only (0600)', async () => {
    const bytes = await readFile(join(FIXTURE_IMAGES, '004090033.jpg'))
    const info = await store.addStream('photo.jpg', Readable.from([bytes]))
    const file = await store.pathOf(info.id)
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect((await stat(join(dir, 'attachments', `${info.id}.json`))).mode & 0o777).toBe(0o600)
  })
})

describe('file names', () => {
  it('drops newlines, NUL and bidi overrides from a name', async () => {
    const bytes = await readFile(join(FIXTURE_IMAGES, '004090033.jpg'))
    const info = await store.addStream('cat\n\u0000pic\u202egpj.jpg', Readable.from([bytes]))
    expect(info.name).toBe('catpicgpj.jpg')
  })

  it('refuses a name with nothing but such characters left', async () => {
    const error = await failureOf(
      store.addStream('\u202e\n\u0000', Readable.from([Buffer.from('x')]))
    )
    expect(error.code).toBe('BAD_INPUT')
  })
})
