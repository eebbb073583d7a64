// The app's own copy of every added file, named by the sha256 of its content (the attachment id),
// with a JSON sidecar of what it is (kind, size, dimensions, thumbnail, video facts). Routes pass
// ids only; paths stay inside main.
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { Readable } from 'node:stream'
import { Transform } from 'node:stream'
import type { AttachmentInfo, FrameStrip } from '../../preload/contract/types'
import { MediaError } from '../media/errors'
import { DEFAULT_MAX_PIXELS } from '../inference/preprocess/decode'
import { FileServiceError, ServiceError } from './service-error'
import { writeFileAtomic } from './atomic-file'
import { fileEndsEarly } from './ends-early'
import { cleanFileName } from './file-names'
import { MAX_BYTES, kindOfName, storedExtension } from './media-kinds'
import {
  FRAME_STRIP_DECODE_SIDE,
  FRAME_STRIP_SIDE,
  THUMBNAIL_SIDE,
  describeImage,
  thumbnailOf
} from './thumbnails'
import type { VideoTools } from './video-tools'

const ID_PATTERN = /^[a-f0-9]{64}$/

interface StoredMeta extends AttachmentInfo {
  readonly file: string
}

const TRUNCATED = /premature end|unexpected end|truncat|end of (file|data)/i

function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text
    .split('\n')[0]
    .replace(/^Input (file|buffer) /, '')
    .slice(0, 200)
}

export class AttachmentStore {
  constructor(
    private readonly dir: string,
    private readonly video: VideoTools
  ) {}

  /** Copies a file from disk into the store (Electron: a dropped or picked file's path). */
  async addPath(path: string): Promise<AttachmentInfo> {
    const name = basename(path)
    const info = await stat(path).catch(() => null)
    if (!info?.isFile())
      throw new FileServiceError('UNREADABLE_FILE', `${name} cannot be read: no such file`, {
        problem: 'unreadable'
      })
    return this.addStream(name, createReadStream(path))
  }

  /** Stores an upload (web mode) or any stream under the given original file name. */
  async addStream(givenName: string, source: Readable): Promise<AttachmentInfo> {
    const name = cleanFileName(givenName)
    if (!name) {
      source.resume()
      throw new ServiceError('BAD_INPUT', 'The file has no usable name')
    }
    const kind = kindOfName(name)
    if (!kind) {
      source.resume()
      throw new FileServiceError(
        'UNSUPPORTED_FILE',
        `${name} is not an image or video type the app takes`,
        { problem: 'not-media' }
      )
    }
    await mkdir(this.dir, { recursive: true, mode: 0o700 })
    const temp = join(this.dir, `.incoming-${randomBytes(8).toString('hex')}`)
    const hash = createHash('sha256')
    let bytes = 0
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length
        if (bytes > MAX_BYTES[kind])
          done(
            new FileServiceError('UNSUPPORTED_FILE', `${name} is too large`, {
              problem: 'too-large',
              limit: MAX_BYTES[kind] / 1024 / 1024
            })
          )
        else {
          hash.update(chunk)
          done(null, chunk)
        }
      }
    })
    try {
      // Private like the conversations: only this user may read what was attached.
      await pipeline(source, counter, createWriteStream(temp, { mode: 0o600 }))
    } catch (error) {
      await rm(temp, { force: true })
      if (error instanceof ServiceError) throw error
      throw new FileServiceError('UNREADABLE_FILE', `${name} cannot be read: ${reasonOf(error)}`, {
        problem: 'unreadable'
      })
    }
    if (bytes === 0) {
      await rm(temp, { force: true })
      throw new FileServiceError('UNREADABLE_FILE', `${name} is empty (0 bytes)`, {
        problem: 'empty'
      })
    }
    const id = hash.digest('hex')
    const existing = await this.get(id).catch(() => null)
    if (existing) {
      await rm(temp, { force: true })
      return existing
    }
    const file = `${id}${storedExtension(name)}`
    await rename(temp, join(this.dir, file))
    try {
      const meta = await this.describe(id, name, kind, join(this.dir, file), bytes)
      await writeFileAtomic(join(this.dir, `${id}.json`), JSON.stringify({ ...meta, file }))
      return meta
    } catch (error) {
      await rm(join(this.dir, file), { force: true })
      throw error
    }
  }

  private async describe(
    id: string,
    name: string,
    kind: AttachmentInfo['kind'],
    path: string,
    bytes: number
  ): Promise<AttachmentInfo> {
    if (kind === 'image') {
      try {
        const facts = await describeImage(path, name)
        return { id, name, kind, bytes, ...facts, video: null }
      } catch (error) {
        if (error instanceof MediaError && error.code === 'TOO_LARGE') {
          throw new FileServiceError('UNSUPPORTED_FILE', error.message, {
            problem: 'too-many-pixels',
            limit: Math.round(DEFAULT_MAX_PIXELS / 1e6)
          })
        }
        const truncated = TRUNCATED.test(String(error)) || (await fileEndsEarly(path))
        throw new FileServiceError(
          'UNREADABLE_FILE',
          `${name} is not a readable image: ${reasonOf(error)}`,
          { problem: truncated ? 'truncated' : 'unreadable' }
        )
      }
    }
    let video
    try {
      video = await this.video.probe(path)
      if (video.frameCount < 1) throw new Error('it has no video frames')
    } catch (error) {
      const noTrack = error instanceof MediaError && error.code === 'NO_VIDEO_STREAM'
      throw new FileServiceError(
        'UNREADABLE_FILE',
        `${name} is not a readable video: ${reasonOf(error)}`,
        { problem: noTrack ? 'no-video-track' : 'unreadable' }
      )
    }
    const [first] = await this.video.extractFrames(path, [0], 2 * THUMBNAIL_SIDE).catch(() => [])
    const thumbnail = first ? await thumbnailOf(first, THUMBNAIL_SIDE) : ''
    return { id, name, kind, bytes, width: video.width, height: video.height, thumbnail, video }
  }

  private async meta(id: string): Promise<StoredMeta> {
    if (!ID_PATTERN.test(id)) throw new ServiceError('BAD_INPUT', `"${id}" is not an attachment id`)
    const text = await readFile(join(this.dir, `${id}.json`), 'utf8').catch(() => null)
    if (text === null) throw new ServiceError('NOT_FOUND', `No attachment ${id.slice(0, 12)}…`)
    return JSON.parse(text) as StoredMeta
  }

  async get(id: string): Promise<AttachmentInfo> {
    const { file: _file, ...info } = await this.meta(id)
    return info
  }

  /** The stored copy's absolute path (main-side only: handed to the model host). */
  async pathOf(id: string): Promise<string> {
    return join(this.dir, (await this.meta(id)).file)
  }

  /** A larger preview for the comparison view. */
  async preview(id: string): Promise<string> {
    const meta = await this.meta(id)
    if (meta.kind === 'video') return meta.thumbnail
    return thumbnailOf(join(this.dir, meta.file), 768)
  }

  /** The frames a video will be sampled at, as thumbnails. */
  async frameStrip(id: string, frames: number): Promise<FrameStrip> {
    const meta = await this.meta(id)
    if (meta.kind !== 'video' || !meta.video) {
      throw new ServiceError('BAD_INPUT', `${meta.name} is not a video`)
    }
    const indices = this.video.chooseFrameIndices(meta.video.frameCount, frames)
    const images = await this.video.extractFrames(
      join(this.dir, meta.file),
      indices,
      FRAME_STRIP_DECODE_SIDE
    )
    const thumbnails = await Promise.all(
      images.map((image) => thumbnailOf(image, FRAME_STRIP_SIDE))
    )
    return { frameCount: meta.video.frameCount, indices, thumbnails }
  }
}
