// Image embeddings cached by content: a small LRU in memory and one file per image or frame in
// the package's .cache/embeddings folder, so an image is never encoded twice, across restarts
// too. Files carry a header with the float count and a sha256 of the payload; a file that fails
// either check is ignored (and replaced by the next write).
import { createHash } from 'node:crypto'
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { sha256File } from '../package/file-hash'

const MAGIC = 0x3145504d // 'MPE1' little-endian
const HEADER_BYTES = 4 + 4 + 32

/** What makes two embeddings the same: the bytes, the frame, and the model that encoded them. */
export interface EmbeddingKeyParts {
  readonly fileSha256: string
  readonly modelId: string
  /** For video frames: the frame's index among the sampled frames, and how many were asked for. */
  readonly frameIndex?: number
  readonly frameCount?: number
}

export function embeddingKey(parts: EmbeddingKeyParts): string {
  const text = [parts.modelId, parts.fileSha256, parts.frameIndex ?? '-', parts.frameCount ?? '-']
  return createHash('sha256').update(text.join('\n')).digest('hex')
}

export interface EmbeddingCacheOptions {
  /** Folder for the files; null keeps the cache in memory only. */
  readonly dir: string | null
  /** Floats in one entry (queries × hidden). */
  readonly entryFloats: number
  readonly maxMemoryEntries: number
}

export class EmbeddingCache {
  private readonly memory = new Map<string, Float32Array>()
  private diskWritable = true

  constructor(private readonly options: EmbeddingCacheOptions) {}

  async get(key: string): Promise<Float32Array | undefined> {
    const hit = this.memory.get(key)
    if (hit !== undefined) {
      this.memory.delete(key)
      this.memory.set(key, hit)
      return hit
    }
    if (this.options.dir === null) return undefined
    const rows = await this.readFile(join(this.options.dir, `${key}.f32`))
    if (rows !== undefined) this.remember(key, rows)
    return rows
  }

  async put(key: string, rows: Float32Array): Promise<void> {
    if (rows.length !== this.options.entryFloats) {
      throw new RangeError(
        `embedding has ${rows.length} floats, expected ${this.options.entryFloats}`
      )
    }
    this.remember(key, rows)
    if (this.options.dir === null || !this.diskWritable) return
    const payload = Buffer.from(rows.buffer, rows.byteOffset, rows.byteLength)
    const header = Buffer.alloc(HEADER_BYTES)
    header.writeUInt32LE(MAGIC, 0)
    header.writeUInt32LE(rows.length, 4)
    createHash('sha256').update(payload).digest().copy(header, 8)
    const path = join(this.options.dir, `${key}.f32`)
    const temp = `${path}.${process.pid}.tmp`
    try {
      await mkdir(this.options.dir, { recursive: true })
      await writeFile(temp, Buffer.concat([header, payload]))
      await rename(temp, path)
    } catch {
      // A read-only package folder still works; embeddings then live in memory only.
      this.diskWritable = false
    }
  }

  private remember(key: string, rows: Float32Array): void {
    this.memory.delete(key)
    this.memory.set(key, rows)
    while (this.memory.size > this.options.maxMemoryEntries) {
      const oldest = this.memory.keys().next().value
      if (oldest === undefined) break
      this.memory.delete(oldest)
    }
  }

  private async readFile(path: string): Promise<Float32Array | undefined> {
    let bytes: Buffer
    try {
      bytes = await readFile(path)
    } catch {
      return undefined
    }
    const floats = this.options.entryFloats
    if (bytes.length !== HEADER_BYTES + floats * 4) return undefined
    if (bytes.readUInt32LE(0) !== MAGIC || bytes.readUInt32LE(4) !== floats) return undefined
    const payload = bytes.subarray(HEADER_BYTES)
    const digest = createHash('sha256').update(payload).digest()
    if (!digest.equals(bytes.subarray(8, HEADER_BYTES))) return undefined
    const rows = new Float32Array(floats)
    new Uint8Array(rows.buffer).set(payload)
    return rows
  }
}

const hashMemo = new Map<string, string>()

/** sha256 of a file's bytes, hex; remembered per (path, size, mtime) so turns don't re-hash. */
export async function fileSha256(path: string): Promise<string> {
  const info = await stat(path)
  const memoKey = `${path}\n${info.size}\n${info.mtimeMs}`
  const known = hashMemo.get(memoKey)
  if (known !== undefined) return known
  // Streamed: a long video is never held in memory whole.
  const digest = await sha256File(path)
  if (hashMemo.size > 1024) hashMemo.clear()
  hashMemo.set(memoKey, digest)
  return digest
}
