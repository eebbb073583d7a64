// A deliberately separate, minimal stored-zip builder for tests, so reader tests do not depend on
// the project's own zip writer.
import { crc32 } from 'node:zlib'

export function handZip(entries: ReadonlyArray<readonly [string, Uint8Array]>): Uint8Array {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const [name, data] of entries) {
    const nameBytes = Buffer.from(name, 'utf8')
    const crc = crc32(data) >>> 0
    const local = Buffer.alloc(30 + nameBytes.length)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(nameBytes.length, 26)
    nameBytes.copy(local, 30)
    const central = Buffer.alloc(46 + nameBytes.length)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(data.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(nameBytes.length, 28)
    central.writeUInt32LE(offset, 42)
    nameBytes.copy(central, 46)
    locals.push(local, Buffer.from(data))
    centrals.push(central)
    offset += local.length + data.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

/** Pickle opcode bytes spelled out by hand: each helper appends exactly one opcode. */
export class HandPickle {
  private readonly out: number[] = []
  raw(...bytes: number[]): this {
    this.out.push(...bytes)
    return this
  }
  /** BINUNICODE: 'X' + uint32 length + UTF-8. */
  str(text: string): this {
    const bytes = Buffer.from(text, 'utf8')
    this.out.push(0x58, bytes.length & 0xff, (bytes.length >> 8) & 0xff, 0, 0, ...bytes)
    return this
  }
  /** SHORT_BINUNICODE (protocol 4). */
  shortStr(text: string): this {
    const bytes = Buffer.from(text, 'utf8')
    this.out.push(0x8c, bytes.length, ...bytes)
    return this
  }
  /** GLOBAL: 'c' + "module\nname\n". */
  global(module: string, name: string): this {
    this.out.push(0x63, ...Buffer.from(`${module}\n${name}\n`, 'latin1'))
    return this
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.out)
  }
}

/** The same archive in zip64 form: every size and offset saturated and carried in zip64 fields. */
export function handZip64(entries: ReadonlyArray<readonly [string, Uint8Array]>): Uint8Array {
  const parts: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const [name, data] of entries) {
    const nameBytes = Buffer.from(name, 'utf8')
    const crc = crc32(data) >>> 0
    const local = Buffer.alloc(30 + nameBytes.length)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(45, 4)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(nameBytes.length, 26)
    nameBytes.copy(local, 30)
    const extra = Buffer.alloc(4 + 24)
    extra.writeUInt16LE(0x0001, 0)
    extra.writeUInt16LE(24, 2)
    extra.writeBigUInt64LE(BigInt(data.length), 4) // uncompressed
    extra.writeBigUInt64LE(BigInt(data.length), 12) // compressed
    extra.writeBigUInt64LE(BigInt(offset), 20) // local header offset
    const central = Buffer.alloc(46 + nameBytes.length)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(45, 4)
    central.writeUInt16LE(45, 6)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(0xffffffff, 20)
    central.writeUInt32LE(0xffffffff, 24)
    central.writeUInt16LE(nameBytes.length, 28)
    central.writeUInt16LE(extra.length, 30)
    central.writeUInt32LE(0xffffffff, 42)
    nameBytes.copy(central, 46)
    parts.push(local, Buffer.from(data))
    centrals.push(central, extra)
    offset += local.length + data.length
  }
  const directory = Buffer.concat(centrals)
  const record = Buffer.alloc(56)
  record.writeUInt32LE(0x06064b50, 0)
  record.writeBigUInt64LE(44n, 4)
  record.writeUInt16LE(45, 12)
  record.writeUInt16LE(45, 14)
  record.writeBigUInt64LE(BigInt(entries.length), 24)
  record.writeBigUInt64LE(BigInt(entries.length), 32)
  record.writeBigUInt64LE(BigInt(directory.length), 40)
  record.writeBigUInt64LE(BigInt(offset), 48)
  const locator = Buffer.alloc(20)
  locator.writeUInt32LE(0x07064b50, 0)
  locator.writeBigUInt64LE(BigInt(offset + directory.length), 8)
  locator.writeUInt32LE(1, 16)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(0xffff, 8)
  end.writeUInt16LE(0xffff, 10)
  end.writeUInt32LE(0xffffffff, 12)
  end.writeUInt32LE(0xffffffff, 16)
  return Buffer.concat([...parts, directory, record, locator, end])
}
