// Minimal store-only zip writer with torch's layout habits: every entry's data starts on a
// 64-byte boundary (padding carried in an extra field, as PyTorchStreamWriter does). No zip64:
// test models stay far below 4 GiB, and a larger archive is refused rather than corrupted.
import { open, type FileHandle } from 'node:fs/promises'
import { crc32 } from 'node:zlib'
import { CheckpointError } from './errors'

const ALIGNMENT = 64
const LIMIT = 0xffffffff

interface WrittenEntry {
  readonly name: Uint8Array
  readonly crc: number
  readonly size: number
  readonly localHeaderOffset: number
  readonly extraLength: number
}

export class ZipStoreWriter {
  private position = 0
  private readonly entries: WrittenEntry[] = []

  private constructor(
    private readonly handle: FileHandle,
    readonly path: string
  ) {}

  static async create(path: string): Promise<ZipStoreWriter> {
    return new ZipStoreWriter(await open(path, 'w'), path)
  }

  /** Appends one stored entry whose data arrives in chunks totalling `size` bytes. */
  async addEntry(name: string, size: number, chunks: Iterable<Uint8Array>): Promise<void> {
    const nameBytes = new TextEncoder().encode(name)
    const headerEnd = this.position + 30 + nameBytes.length
    const padding = (ALIGNMENT - ((headerEnd + 4) % ALIGNMENT)) % ALIGNMENT
    const extraLength = 4 + padding
    const localHeaderOffset = this.position
    if (localHeaderOffset + 30 + nameBytes.length + extraLength + size > LIMIT) {
      throw new CheckpointError(
        'WRITE_FAILED',
        `${this.path} would exceed 4 GiB, which this writer does not support`
      )
    }
    const header = Buffer.alloc(30 + nameBytes.length + extraLength)
    header.writeUInt32LE(0x04034b50, 0)
    header.writeUInt16LE(20, 4)
    header.writeUInt32LE(size, 22)
    header.writeUInt32LE(size, 18)
    header.writeUInt16LE(nameBytes.length, 26)
    header.writeUInt16LE(extraLength, 28)
    header.set(nameBytes, 30)
    header.writeUInt16LE(0x4246, 30 + nameBytes.length) // 'FB', torch's padding field id
    header.writeUInt16LE(padding, 32 + nameBytes.length)
    await this.write(header)
    let crc = 0
    let written = 0
    for (const chunk of chunks) {
      crc = crc32(chunk, crc)
      written += chunk.length
      await this.write(chunk)
    }
    if (written !== size) {
      throw new CheckpointError(
        'WRITE_FAILED',
        `${this.path}: entry ${name} got ${written} bytes, expected ${size}`
      )
    }
    const crcBytes = Buffer.alloc(4)
    crcBytes.writeUInt32LE(crc >>> 0, 0)
    await this.handle.write(crcBytes, 0, 4, localHeaderOffset + 14)
    this.entries.push({ name: nameBytes, crc: crc >>> 0, size, localHeaderOffset, extraLength })
  }

  /** Writes the central directory and closes the file. */
  async finish(): Promise<void> {
    const start = this.position
    for (const entry of this.entries) {
      const record = Buffer.alloc(46 + entry.name.length)
      record.writeUInt32LE(0x02014b50, 0)
      record.writeUInt16LE(20, 4)
      record.writeUInt16LE(20, 6)
      record.writeUInt32LE(entry.crc, 16)
      record.writeUInt32LE(entry.size, 20)
      record.writeUInt32LE(entry.size, 24)
      record.writeUInt16LE(entry.name.length, 28)
      record.writeUInt32LE(entry.localHeaderOffset, 42)
      record.set(entry.name, 46)
      await this.write(record)
    }
    const end = Buffer.alloc(22)
    end.writeUInt32LE(0x06054b50, 0)
    end.writeUInt16LE(this.entries.length, 8)
    end.writeUInt16LE(this.entries.length, 10)
    end.writeUInt32LE(this.position - start, 12)
    end.writeUInt32LE(start, 16)
    await this.write(end)
    await this.handle.close()
  }

  async abort(): Promise<void> {
    await this.handle.close()
  }

  private async write(bytes: Uint8Array): Promise<void> {
    await this.handle.write(bytes, 0, bytes.length, this.position)
    this.position += bytes.length
  }
}
