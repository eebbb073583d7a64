// Splits ffmpeg's image2pipe output of binary PPM (P6, maxval 255) images back into frames as
// the bytes arrive, so that no frame file is ever written to disk. Each pixel byte is copied once,
// straight from the pipe's chunk into its frame: work grows with the bytes, not with the number
// of chunks a frame arrives in (a 4K frame comes in hundreds of 64 KiB pipe reads).

export interface RgbFrame {
  /** width * height * 3 bytes, R G B. */
  data: Uint8Array
  width: number
  height: number
}

const HEADER = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/
// A header is at most "P6\n" + two 10-digit sizes + "255\n": well within 64 bytes.
const HEADER_LIMIT = 64

interface PartialFrame {
  readonly frame: RgbFrame
  filled: number
}

export class PpmStreamParser {
  /** Bytes of the next frame's header seen so far (at most HEADER_LIMIT). */
  private head: Buffer = Buffer.alloc(0)
  private body: PartialFrame | null = null

  constructor(private readonly onFrame: (frame: RgbFrame) => void) {}

  push(chunk: Buffer): void {
    let offset = 0
    while (offset < chunk.length) {
      offset = this.body ? this.fillBody(this.body, chunk, offset) : this.readHeader(chunk, offset)
    }
  }

  /** True when no partial frame is left over. */
  get finished(): boolean {
    return this.head.length === 0 && this.body === null
  }

  /** Copies pixel bytes into the frame being filled; returns the offset after them. */
  private fillBody(body: PartialFrame, chunk: Buffer, offset: number): number {
    const wanted = body.frame.data.length - body.filled
    const take = Math.min(wanted, chunk.length - offset)
    body.frame.data.set(chunk.subarray(offset, offset + take), body.filled)
    body.filled += take
    if (body.filled === body.frame.data.length) {
      this.body = null
      this.onFrame(body.frame)
    }
    return offset + take
  }

  /** Gathers header bytes; once the header is whole, starts its frame. Returns the new offset. */
  private readHeader(chunk: Buffer, offset: number): number {
    const before = this.head.length
    const take = Math.min(HEADER_LIMIT - before, chunk.length - offset)
    const head = Buffer.concat([this.head, chunk.subarray(offset, offset + take)])
    const text = head.toString('latin1')
    const match = HEADER.exec(text)
    if (!match) {
      if (head.length >= HEADER_LIMIT || !'P6'.startsWith(text.slice(0, 2))) {
        throw new Error('ffmpeg produced malformed PPM output')
      }
      this.head = head
      return offset + take
    }
    if (match[3] !== '255') throw new Error(`unexpected PPM maxval ${match[3]}`)
    const width = Number(match[1])
    const height = Number(match[2])
    this.head = Buffer.alloc(0)
    const frame = { data: new Uint8Array(width * height * 3), width, height }
    const afterHeader = offset + match[0].length - before
    if (frame.data.length === 0) {
      this.onFrame(frame)
      return afterHeader
    }
    this.body = { frame, filled: 0 }
    return afterHeader
  }
}
