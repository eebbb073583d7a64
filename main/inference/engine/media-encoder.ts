// Turns media items into image embeddings through the embedding cache: an image or video frame
// is preprocessed and run through the vision tower only when its (file hash, frame, model) key
// is not cached. A video's sampled frame count is remembered beside the embeddings so a cached
// video needs no decoding at all.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { MediaItem } from '../engine-api'
import { preprocessImage } from '../preprocess'
import { type EmbeddingCache, embeddingKey, fileSha256 } from './embedding-cache'
import { EngineError } from '../engine-errors'
import type { EncodedMedia } from './turn-ports'

export const DEFAULT_VIDEO_FRAMES = 32

/** Runs the vision tower: `count` preprocessed images [count,3,224,224] -> [count, rows]. */
export interface VisionRunner {
  encode(pixels: Float32Array, count: number): Promise<Float32Array>
}

/** How the seed samples `count` frames of a video (fewer when the video is shorter). */
export interface VideoFrames {
  /** Frames the sampling will give, from the container's header (no decoding). */
  count(path: string, count: number): Promise<number>
  /** The sampled frames, preprocessed: one [3,224,224] tensor each. */
  pixels(path: string, count: number): Promise<Float32Array[]>
}

export interface MediaEncoderOptions {
  readonly cache: EmbeddingCache
  readonly vision: VisionRunner
  readonly video: VideoFrames
  /** Identifies the weights (and dtype) that produced an embedding. */
  readonly modelId: string
  /** Floats per image embedding (queries × hidden). */
  readonly entryFloats: number
  /** Folder for video frame counts; null: memory only. */
  readonly metaDir: string | null
  /** Images per vision run. */
  readonly batch: number
}

export class MediaEncoder {
  /** Vision runs so far (tests use it to prove cache hits). */
  visionRuns = 0
  private readonly frameCounts = new Map<string, number>()

  constructor(private readonly options: MediaEncoderOptions) {}

  async countImages(item: MediaItem): Promise<number> {
    if (item.kind === 'image') return 1
    const sha = await fileSha256(item.path)
    const frames = item.frames ?? DEFAULT_VIDEO_FRAMES
    const known = await this.knownFrameCount(sha, frames)
    if (known !== undefined) return known
    const count = await this.options.video.count(item.path, frames)
    await this.rememberFrameCount(sha, frames, count)
    return count
  }

  async encode(item: MediaItem, signal?: AbortSignal): Promise<EncodedMedia> {
    const sha = await fileSha256(item.path)
    if (item.kind === 'image') {
      const key = embeddingKey({ fileSha256: sha, modelId: this.options.modelId })
      const rows = await this.encodeMissing(
        [key],
        async () => [await preprocessImage(item.path)],
        signal
      )
      return { count: 1, rows, keys: [key] }
    }
    const frames = item.frames ?? DEFAULT_VIDEO_FRAMES
    const count = await this.countImages(item)
    const keys = Array.from({ length: count }, (_, frameIndex) =>
      embeddingKey({
        fileSha256: sha,
        modelId: this.options.modelId,
        frameIndex,
        frameCount: frames
      })
    )
    const rows = await this.encodeMissing(
      keys,
      async () => {
        const pixels = await this.options.video.pixels(item.path, frames)
        if (pixels.length !== count) {
          throw new EngineError(
            'MEDIA_MISMATCH',
            `${item.path} gave ${pixels.length} frames where its header promised ${count}`
          )
        }
        return pixels
      },
      signal
    )
    return { count, rows, keys }
  }

  /** Rows for `keys` in order, encoding the uncached ones from `pixels()` (all images). */
  private async encodeMissing(
    keys: readonly string[],
    pixels: () => Promise<Float32Array[]>,
    signal?: AbortSignal
  ): Promise<Float32Array> {
    const size = this.options.entryFloats
    const out = new Float32Array(keys.length * size)
    const missing: number[] = []
    for (let i = 0; i < keys.length; i++) {
      const hit = await this.options.cache.get(keys[i])
      if (hit === undefined) missing.push(i)
      else out.set(hit, i * size)
    }
    if (missing.length === 0) return out
    const images = await pixels()
    for (let start = 0; start < missing.length; start += this.options.batch) {
      signal?.throwIfAborted()
      const part = missing.slice(start, start + this.options.batch)
      const batch = new Float32Array(part.length * images[0].length)
      part.forEach((index, j) => batch.set(images[index], j * images[0].length))
      this.visionRuns++
      const embeds = await this.options.vision.encode(batch, part.length)
      for (let j = 0; j < part.length; j++) {
        const rows = embeds.slice(j * size, (j + 1) * size)
        out.set(rows, part[j] * size)
        await this.options.cache.put(keys[part[j]], rows)
      }
    }
    return out
  }

  private async knownFrameCount(sha: string, frames: number): Promise<number | undefined> {
    const id = videoId(sha, frames)
    const inMemory = this.frameCounts.get(id)
    if (inMemory !== undefined || this.options.metaDir === null) return inMemory
    try {
      const parsed: unknown = JSON.parse(
        await readFile(join(this.options.metaDir, `${id}.json`), 'utf8')
      )
      const count = (parsed as { frames?: unknown }).frames
      if (typeof count === 'number' && Number.isInteger(count) && count >= 1 && count <= frames) {
        this.frameCounts.set(id, count)
        return count
      }
    } catch {
      // A missing or unreadable note just means the video is sampled again.
    }
    return undefined
  }

  private async rememberFrameCount(sha: string, frames: number, count: number): Promise<void> {
    const id = videoId(sha, frames)
    this.frameCounts.set(id, count)
    if (this.options.metaDir === null) return
    await mkdir(this.options.metaDir, { recursive: true })
    await writeFile(join(this.options.metaDir, `${id}.json`), JSON.stringify({ frames: count }))
  }
}

function videoId(sha: string, frames: number): string {
  return `video-${sha}-${frames}`
}
