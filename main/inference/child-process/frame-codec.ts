// The byte format of a child channel: each frame is [u32 header length][u32 payload length]
// [header: UTF-8 JSON][payload: the raw bytes of every typed array in the message, in order],
// lengths little-endian. In the header each Float32Array is replaced by {"$f32": n} and each
// Int32Array (top-k ids) by {"$i32": n}, n its element count, so a hidden state crosses the
// socket as one memcpy instead of a per-element clone. The
// header is padded with spaces to a multiple of 4 bytes, so a payload lands 4-byte aligned and
// the reader can view it in place instead of copying it. Messages are plain JSON data plus
// those typed arrays; anything else is refused, never mangled.

const LENGTHS = 8
type Numbers = Float32Array | Int32Array
/** Header keys that stand for a typed array, and how to make one. */
const KINDS = {
  $f32: Float32Array,
  $i32: Int32Array
} as const
type MarkerKey = keyof typeof KINDS
const MARKERS = Object.keys(KINDS) as MarkerKey[]
/** Far above any real frame (vision outputs are a few MB); a larger length means a broken peer. */
export const MAX_FRAME_BYTES = 1 << 30

export class FrameError extends Error {
  override name = 'FrameError'
}

/**
 * One frame holding `message`, written into `reuse` when that is large enough (a sender's
 * scratch buffer, free again once its bytes are gone), else into a new buffer.
 */
export function encodeFrame(message: unknown, reuse?: Buffer): Buffer {
  const arrays: Numbers[] = []
  const json = JSON.stringify(replaceArrays(message, arrays))
  const jsonBytes = Buffer.byteLength(json, 'utf8')
  const headerBytes = (jsonBytes + 3) & ~3
  let payloadBytes = 0
  for (const array of arrays) payloadBytes += array.byteLength
  const total = LENGTHS + headerBytes + payloadBytes
  if (total > MAX_FRAME_BYTES)
    throw new FrameError(`a frame of ${headerBytes + payloadBytes} bytes is over the limit`)
  const frame =
    reuse !== undefined && reuse.length >= total
      ? reuse.subarray(0, total)
      : // Never a slice of Node's shared pool: the sender may write this buffer again.
        Buffer.allocUnsafeSlow(total)
  frame.writeUInt32LE(headerBytes, 0)
  frame.writeUInt32LE(payloadBytes, 4)
  frame.write(json, LENGTHS, 'utf8')
  // Spaces pad the header to a multiple of 4 (JSON ignores them).
  frame.fill(SPACE, LENGTHS + jsonBytes, LENGTHS + headerBytes)
  let offset = LENGTHS + headerBytes
  for (const array of arrays) {
    frame.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), offset)
    offset += array.byteLength
  }
  return frame
}

const SPACE = 0x20

function replaceArrays(value: unknown, arrays: Numbers[]): unknown {
  if (value instanceof Float32Array || value instanceof Int32Array) {
    arrays.push(value)
    return { [value instanceof Float32Array ? '$f32' : '$i32']: value.length }
  }
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new FrameError(`${value} cannot travel in a frame header`)
    return value
  }
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer)
    throw new FrameError(
      `a ${value.constructor.name} cannot travel in a frame (only Float32Array and Int32Array)`
    )
  if (Array.isArray(value)) return value.map((item: unknown) => replaceArrays(item, arrays))
  const out: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) {
    if ((MARKERS as string[]).includes(key))
      throw new FrameError(`the key ${key} is reserved in frames`)
    if (item !== undefined) out[key] = replaceArrays(item, arrays)
  }
  return out
}

/** Splits a byte stream into messages; push() returns the messages completed by a chunk. */
export class FrameReader {
  private chunks: Buffer[] = []
  private buffered = 0

  push(chunk: Buffer): unknown[] {
    this.chunks.push(chunk)
    this.buffered += chunk.length
    const messages: unknown[] = []
    for (;;) {
      if (this.buffered < LENGTHS) return messages
      const lengths = this.peek(LENGTHS)
      const headerBytes = lengths.readUInt32LE(0)
      const payloadBytes = lengths.readUInt32LE(4)
      const total = LENGTHS + headerBytes + payloadBytes
      if (total > MAX_FRAME_BYTES)
        throw new FrameError(`a frame of ${total} bytes is over the limit`)
      if (this.buffered < total) return messages
      messages.push(decodeFrame(this.take(total), headerBytes, payloadBytes))
    }
  }

  /** The first `bytes` bytes, joined into one buffer (which stays in place). */
  private peek(bytes: number): Buffer {
    if (this.chunks[0].length < bytes) this.chunks = [Buffer.concat(this.chunks)]
    return this.chunks[0]
  }

  private take(bytes: number): Buffer {
    const joined = this.peek(bytes)
    const frame = joined.subarray(0, bytes)
    if (joined.length === bytes) this.chunks.shift()
    else this.chunks[0] = joined.subarray(bytes)
    this.buffered -= bytes
    return frame
  }
}

function decodeFrame(frame: Buffer, headerBytes: number, payloadBytes: number): unknown {
  let header: unknown
  try {
    header = JSON.parse(frame.toString('utf8', LENGTHS, LENGTHS + headerBytes))
  } catch {
    throw new FrameError('a frame header is not JSON')
  }
  const payload = frame.subarray(LENGTHS + headerBytes)
  let offset = 0
  // JSON.parse's result is ours: markers are replaced in place, nothing else is copied.
  const restore = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = restore(value[i])
      return value
    }
    const record = value as Record<string, unknown>
    const marker: MarkerKey | undefined =
      '$f32' in record ? '$f32' : '$i32' in record ? '$i32' : undefined
    if (marker !== undefined) {
      const count = record[marker]
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0)
        throw new FrameError('a frame names a bad typed array length')
      const Kind = KINDS[marker]
      const bytes = count * Kind.BYTES_PER_ELEMENT
      if (offset + bytes > payloadBytes) throw new FrameError('a frame payload is too short')
      const start = payload.byteOffset + offset
      offset += bytes
      // In place when aligned (the frame is its own allocation, never written again); else a copy.
      // Socket and concat buffers are plain ArrayBuffers, never shared.
      if (start % Kind.BYTES_PER_ELEMENT === 0)
        return new Kind(payload.buffer as ArrayBuffer, start, count)
      const array = new Kind(count)
      new Uint8Array(array.buffer).set(payload.subarray(offset - bytes, offset))
      return array
    }
    for (const key of Object.keys(record)) {
      const item = record[key]
      const restored = restore(item)
      // Only a marker comes back as a new value; its own key is a plain data property of the
      // parsed object (JSON.parse defines even "__proto__" as one), so this is a plain store.
      if (restored !== item) Object.defineProperty(record, key, { value: restored })
    }
    return record
  }
  const message = restore(header)
  if (offset !== payloadBytes) throw new FrameError('a frame payload has unclaimed bytes')
  return message
}
