// Images and videos of an API request onto disk, where the engine reads them like the app's
// attachments (so preprocessing and the content-keyed embedding cache are the same): `data:`
// URLs are decoded into a content-addressed folder; `file://` paths are used in place, only when
// the caller is on this machine. Sizes, counts and types are checked before anything is decoded.
import { createHash } from 'node:crypto'
import { mkdir, open, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { MediaItem } from '../inference/engine-api'
import { FRAME_COUNT_LIMITS } from '../../preload/contract/schemas'
import { kindOfName } from '../services/media-kinds'
import { OpenAiError, badParam } from './openai-error'

export interface MediaLimits {
  readonly maxImageBytes: number
  readonly maxImages: number
  readonly maxVideoBytes: number
  readonly maxVideos: number
}

export const DEFAULT_MEDIA_LIMITS: MediaLimits = {
  maxImageBytes: 20 * 1024 * 1024,
  maxImages: 16,
  maxVideoBytes: 512 * 1024 * 1024,
  maxVideos: 4
}

/** Request bodies may carry every allowed image as base64, plus room for text. */
export function maxBodyBytes(limits: MediaLimits): number {
  return Math.ceil((limits.maxImageBytes * limits.maxImages * 4) / 3) + 4 * 1024 * 1024
}

const IMAGE_TYPES: Readonly<Record<string, string>> = {
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/jpg': '.jpg',
  'image/webp': '.webp'
}
const VIDEO_TYPES: Readonly<Record<string, string>> = {
  'video/mp4': '.mp4',
  'video/webm': '.webm',
  'video/quicktime': '.mov',
  'video/x-matroska': '.mkv'
}

/** The image type the bytes are, from their signature, or null. */
export function sniffImage(head: Uint8Array): 'png' | 'jpeg' | 'webp' | null {
  const ascii = (from: number, to: number): string =>
    String.fromCharCode(...head.subarray(from, to))
  if (head[0] === 0x89 && ascii(1, 4) === 'PNG') return 'png'
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg'
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp'
  return null
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** Kept decoded files (newest first) beyond those in use; older ones are removed. */
const KEPT_FILES = 64

export interface MediaRequestContext {
  /** The caller connected from this machine (file:// URLs allowed). */
  readonly callerIsLocal: boolean
  /** Paths of decoded files this request uses (kept while it runs). */
  readonly inUse: Set<string>
  /** Images and videos seen so far in the request (limits count across all its messages). */
  readonly counts: { images: number; videos: number }
  /** Files this request wrote (only then may the folder need trimming). */
  written: number
}

export function newMediaContext(callerIsLocal: boolean): MediaRequestContext {
  return { callerIsLocal, inUse: new Set(), counts: { images: 0, videos: 0 }, written: 0 }
}

export class MediaIntake {
  private readonly active = new Set<Set<string>>()
  private folderMade = false

  constructor(
    private readonly dir: string,
    private readonly limits: MediaLimits
  ) {}

  async image(url: string, param: string, context: MediaRequestContext): Promise<MediaItem> {
    context.counts.images += 1
    if (context.counts.images > this.limits.maxImages) {
      throw badParam(
        param,
        `too many images: the limit is ${this.limits.maxImages} per request (max_images)`,
        'too_many_images'
      )
    }
    const path = await this.fileOf(url, 'image', param, context)
    return { kind: 'image', path }
  }

  async video(
    url: string,
    frames: number | undefined,
    param: string,
    context: MediaRequestContext
  ): Promise<MediaItem> {
    context.counts.videos += 1
    if (context.counts.videos > this.limits.maxVideos) {
      throw badParam(param, `too many videos: the limit is ${this.limits.maxVideos} per request`)
    }
    const { min, max } = FRAME_COUNT_LIMITS
    if (frames !== undefined && (!Number.isInteger(frames) || frames < min || frames > max)) {
      throw badParam(`${param}.frames`, `frames must be a whole number from ${min} to ${max}`)
    }
    const path = await this.fileOf(url, 'video', param, context)
    return frames === undefined ? { kind: 'video', path } : { kind: 'video', path, frames }
  }

  /** Marks the request's files free and trims the folder to the newest files. */
  async finish(context: MediaRequestContext): Promise<void> {
    this.active.delete(context.inUse)
    if (context.written === 0) return
    const inUse = new Set([...this.active].flatMap((set) => [...set]))
    const names = await readdir(this.dir).catch(() => [] as string[])
    const files = await Promise.all(
      names.map(async (name) => {
        const path = join(this.dir, name)
        return { path, mtime: (await stat(path).catch(() => null))?.mtimeMs ?? 0 }
      })
    )
    files.sort((a, b) => b.mtime - a.mtime)
    for (const file of files.slice(KEPT_FILES)) {
      if (!inUse.has(file.path)) await rm(file.path, { force: true })
    }
  }

  /** Keeps the request's decoded files until finish(). */
  track(context: MediaRequestContext): void {
    this.active.add(context.inUse)
  }

  private async fileOf(
    url: string,
    kind: 'image' | 'video',
    param: string,
    context: MediaRequestContext
  ): Promise<string> {
    if (url.startsWith('data:')) return this.fromDataUrl(url, kind, param, context)
    if (url.startsWith('file:')) {
      if (!context.callerIsLocal) {
        throw badParam(param, 'file:// URLs are accepted only from this machine; send a data: URL')
      }
      return this.fromFileUrl(url, kind, param)
    }
    throw badParam(
      param,
      `${kind === 'image' ? 'image_url' : 'video_url'} must be a data: URL (or file:// from this machine); this server fetches no remote URLs`
    )
  }

  private maxBytes(kind: 'image' | 'video'): number {
    return kind === 'image' ? this.limits.maxImageBytes : this.limits.maxVideoBytes
  }

  private tooLarge(kind: 'image' | 'video', bytes: number, param: string): OpenAiError {
    const limit = this.maxBytes(kind)
    return new OpenAiError(
      413,
      `${param} is ${megabytes(bytes)}; the limit is ${megabytes(limit)} per ${kind} (max_${kind}_bytes)`,
      param,
      `${kind}_too_large`
    )
  }

  private async fromDataUrl(
    url: string,
    kind: 'image' | 'video',
    param: string,
    context: MediaRequestContext
  ): Promise<string> {
    const comma = url.indexOf(',')
    const header = comma < 0 ? '' : url.slice(5, comma).toLowerCase()
    const [type, ...flags] = header.split(';')
    const types = kind === 'image' ? IMAGE_TYPES : VIDEO_TYPES
    if (comma < 0 || !flags.includes('base64')) {
      throw badParam(param, 'a data: URL must be base64 (data:<type>;base64,...)')
    }
    const ext = types[type]
    if (!ext) {
      throw badParam(
        param,
        `unsupported ${kind} type "${type}"; use ${Object.keys(types).join(', ')}`,
        'unsupported_media_type'
      )
    }
    const encoded = url.length - comma - 1
    const padding = url.endsWith('==') ? 2 : url.endsWith('=') ? 1 : 0
    const size = Math.floor((encoded * 3) / 4) - padding
    if (size > this.maxBytes(kind)) throw this.tooLarge(kind, size, param)
    const bytes = Buffer.from(url.slice(comma + 1), 'base64')
    if (bytes.length === 0) throw badParam(param, `the ${kind} is empty`)
    if (kind === 'image' && sniffImage(bytes) !== ext.slice(1).replace('jpg', 'jpeg')) {
      throw badParam(param, `the bytes are not a ${type} image`, 'invalid_image')
    }
    const sha = createHash('sha256').update(bytes).digest('hex')
    const path = join(this.dir, `${sha}${ext}`)
    context.inUse.add(path)
    if (!this.folderMade) {
      await mkdir(this.dir, { recursive: true })
      this.folderMade = true
    }
    // Same bytes, same file, left untouched: its hash and its embeddings are already known.
    if (!(await stat(path).catch(() => null))?.isFile()) {
      await writeFile(path, bytes)
      context.written++
    }
    return path
  }

  private async fromFileUrl(url: string, kind: 'image' | 'video', param: string): Promise<string> {
    let path: string
    try {
      path = fileURLToPath(url)
    } catch {
      throw badParam(param, `not a usable file URL: ${url}`)
    }
    const info = await stat(path).catch(() => null)
    if (!info?.isFile()) throw badParam(param, `no such file: ${path}`, 'file_not_found')
    if (info.size > this.maxBytes(kind)) throw this.tooLarge(kind, info.size, param)
    if (kind === 'video') {
      if (kindOfName(path) !== 'video') throw badParam(param, `${path} is not a video file`)
      return path
    }
    const handle = await open(path, 'r')
    const head = new Uint8Array(12)
    try {
      await handle.read(head, 0, 12, 0)
    } finally {
      await handle.close()
    }
    if (sniffImage(head) === null) {
      throw badParam(param, `${path} is not a PNG, JPEG or WebP image`, 'invalid_image')
    }
    return path
  }
}
