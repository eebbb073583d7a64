// Central-directory reader for the zip archives torch.save writes (zip64 aware, so the 15 GB SFT
// file works). Only stored entries are readable; callers read entry data at its offset directly.
import type { FileHandle } from 'node:fs/promises'
import { basename } from 'node:path'
import { CheckpointError } from './errors'
import { readExactly } from './file-bytes'

export interface ZipEntry {
  readonly name: string
  /** 0 = stored; torch never compresses. */
  readonly method: number
  readonly compressedSize: number
  readonly size: number
  readonly localHeaderOffset: number
}

const EOCD_SIGNATURE = 0x06054b50
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50
const ZIP64_EOCD_SIGNATURE = 0x06064b50
const CENTRAL_SIGNATURE = 0x02014b50
const LOCAL_SIGNATURE = 0x04034b50
const MAX_EOCD_SEARCH = 22 + 0xffff

export async function readZipDirectory(
  handle: FileHandle,
  path: string,
  fileSize: number
): Promise<ZipEntry[]> {
  const name = basename(path)
  if (fileSize < 22) {
    throw new CheckpointError('TRUNCATED', `${name} is truncated: too short to be a zip archive`)
  }
  const tailLength = Math.min(fileSize, MAX_EOCD_SEARCH)
  const tailStart = fileSize - tailLength
  const tail = await readExactly(handle, path, tailStart, tailLength, 'the zip end record')
  const tailView = new DataView(tail.buffer)
  let eocd = -1
  for (let i = tailLength - 22; i >= 0; i--) {
    if (tailView.getUint32(i, true) === EOCD_SIGNATURE) {
      eocd = i
      break
    }
  }
  if (eocd < 0) {
    throw new CheckpointError(
      'TRUNCATED',
      `${name} is truncated or not a zip archive: no end-of-central-directory record`
    )
  }
  let entryCount = tailView.getUint16(eocd + 10, true)
  let directorySize = tailView.getUint32(eocd + 12, true)
  let directoryOffset = tailView.getUint32(eocd + 16, true)
  if (entryCount === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    const locator = tailStart + eocd - 20
    if (locator < 0) throw corrupt(name, 'zip64 locator missing')
    const locatorBytes = new DataView(
      (await readExactly(handle, path, locator, 20, 'the zip64 locator')).buffer
    )
    if (locatorBytes.getUint32(0, true) !== ZIP64_LOCATOR_SIGNATURE) {
      throw corrupt(name, 'zip64 locator missing')
    }
    const recordOffset = Number(locatorBytes.getBigUint64(8, true))
    const record = new DataView(
      (await readExactly(handle, path, recordOffset, 56, 'the zip64 end record')).buffer
    )
    if (record.getUint32(0, true) !== ZIP64_EOCD_SIGNATURE) {
      throw corrupt(name, 'zip64 end record missing')
    }
    entryCount = Number(record.getBigUint64(32, true))
    directorySize = Number(record.getBigUint64(40, true))
    directoryOffset = Number(record.getBigUint64(48, true))
  }
  if (directoryOffset + directorySize > fileSize) {
    throw new CheckpointError(
      'TRUNCATED',
      `${name} is truncated: its central directory lies beyond the end of the file`
    )
  }
  const directory = await readExactly(
    handle,
    path,
    directoryOffset,
    directorySize,
    'the central directory'
  )
  return parseDirectory(directory, entryCount, directoryOffset, name)
}

function parseDirectory(
  bytes: Uint8Array,
  entryCount: number,
  directoryOffset: number,
  name: string
): ZipEntry[] {
  const view = new DataView(bytes.buffer)
  const decoder = new TextDecoder()
  const entries: ZipEntry[] = []
  let at = 0
  for (let index = 0; index < entryCount; index++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL_SIGNATURE) {
      throw corrupt(name, `central directory entry ${index} is malformed`)
    }
    const method = view.getUint16(at + 10, true)
    let compressedSize = view.getUint32(at + 20, true)
    let size = view.getUint32(at + 24, true)
    const nameLength = view.getUint16(at + 28, true)
    const extraLength = view.getUint16(at + 30, true)
    const commentLength = view.getUint16(at + 32, true)
    let localHeaderOffset = view.getUint32(at + 42, true)
    const entryName = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength))
    let extra = at + 46 + nameLength
    const extraEnd = extra + extraLength
    while (extra + 4 <= extraEnd) {
      const id = view.getUint16(extra, true)
      const length = view.getUint16(extra + 2, true)
      if (id === 0x0001) {
        // Zip64 fields appear only for the values saturated in the fixed header, in this order.
        let field = extra + 4
        const next = (): number => {
          const value = Number(view.getBigUint64(field, true))
          field += 8
          return value
        }
        if (size === 0xffffffff) size = next()
        if (compressedSize === 0xffffffff) compressedSize = next()
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = next()
      }
      extra += 4 + length
    }
    if (localHeaderOffset + compressedSize > directoryOffset) {
      throw new CheckpointError(
        'TRUNCATED',
        `${name} is damaged: entry ${entryName} runs past the start of the central directory`
      )
    }
    entries.push({ name: entryName, method, compressedSize, size, localHeaderOffset })
    at = extraEnd + commentLength
  }
  return entries
}

/** File offset of an entry's data (after its local header, whose extra field may differ). */
export async function entryDataOffset(
  handle: FileHandle,
  path: string,
  entry: ZipEntry
): Promise<number> {
  const header = new DataView(
    (await readExactly(handle, path, entry.localHeaderOffset, 30, `the header of ${entry.name}`))
      .buffer
  )
  if (header.getUint32(0, true) !== LOCAL_SIGNATURE) {
    throw corrupt(basename(path), `local header of ${entry.name} is missing`)
  }
  return entry.localHeaderOffset + 30 + header.getUint16(26, true) + header.getUint16(28, true)
}

function corrupt(name: string, detail: string): CheckpointError {
  return new CheckpointError('CORRUPT_ZIP', `${name} is not a readable zip archive: ${detail}`)
}
