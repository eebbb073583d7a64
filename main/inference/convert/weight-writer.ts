// Appends tensors to one package weights file, each at a 4096-byte aligned offset so ORT can
// memory-map them, hashing the bytes as they stream past (no second read for the manifest).
import { createHash, type Hash } from 'node:crypto'
import { open, type FileHandle } from 'node:fs/promises'
import type { StoredDtype, TensorEntry } from '../package/manifest'

export const WEIGHT_ALIGNMENT = 4096
const WRITE_SLICE = 1 << 26

export class WeightFileWriter {
  private offset = 0
  private readonly hash: Hash = createHash('sha256')

  private constructor(
    readonly relativePath: string,
    private readonly handle: FileHandle
  ) {}

  static async create(absolutePath: string, relativePath: string): Promise<WeightFileWriter> {
    return new WeightFileWriter(relativePath, await open(absolutePath, 'w'))
  }

  /** Writes one tensor's bytes and returns its manifest entry. */
  async write(
    data: Uint8Array,
    dtype: StoredDtype,
    shape: readonly number[]
  ): Promise<TensorEntry> {
    return this.writeChunks([data], dtype, shape)
  }

  /** Writes one tensor produced piece by piece (so no full-size copy is ever held). */
  async writeChunks(
    chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
    dtype: StoredDtype,
    shape: readonly number[]
  ): Promise<TensorEntry> {
    const padding = (WEIGHT_ALIGNMENT - (this.offset % WEIGHT_ALIGNMENT)) % WEIGHT_ALIGNMENT
    if (padding > 0) await this.append(new Uint8Array(padding))
    const offset = this.offset
    for await (const chunk of chunks) await this.append(chunk)
    return {
      file: this.relativePath,
      offset,
      bytes: this.offset - offset,
      dtype,
      shape: [...shape]
    }
  }

  private async append(data: Uint8Array): Promise<void> {
    let written = 0
    while (written < data.byteLength) {
      // One write is capped below 2 GiB by Node; big tables go out in slices.
      const length = Math.min(data.byteLength - written, WRITE_SLICE)
      const { bytesWritten } = await this.handle.write(data, written, length)
      written += bytesWritten
    }
    this.hash.update(data)
    this.offset += data.byteLength
  }

  /** Closes the file; returns its size and sha256. */
  async finish(): Promise<{ bytes: number; sha256: string }> {
    await this.handle.close()
    return { bytes: this.offset, sha256: this.hash.digest('hex') }
  }

  async abort(): Promise<void> {
    await this.handle.close().catch(() => undefined)
  }
}
