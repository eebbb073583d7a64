// Splits ffmpeg's image2pipe output of binary PPM (P6, maxval 255) images back into frames as
// the bytes arrive, so that no frame file is ever written to disk. The parser hands out the
// memory the next bytes belong in (`target`): a socket reads pixels straight into their frame,
// and a pipe's chunks are copied there once (`push`). Either way each byte is written once and
// work grows with the bytes, not with the number of reads a frame arrives in.

export interface RgbFrame {
  /** width * height * 3 bytes, R G B. */
  data: Uint8Array
  width: number
  height: number
}

/**
 * A consumer that names where incoming bytes go, then is told how many arrived there; or, for
 * sources that deliver their own buffers, takes a copy of them.
 */
export interface ByteSink {
  /** Never empty: the memory the next bytes are written to. */
  target(): Uint8Array
  /** `count` bytes were written at the start of the last `target()`. May throw to stop. */
  filled(count: number): void
  /** Copies `chunk` in, as target() and filled() would have it. May throw to stop. */
  push(chunk: Uint8Array): void
}

const HEADER = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/
// A header is at most "P6\n" + two 10-digit sizes + "255\n": well within 64 bytes.
const HEADER_LIMIT = 64

interface PartialFrame {
  readonly frame: RgbFrame
  filled: number
}

export class PpmStreamParser implements ByteSink {
  /**
   * Bytes after the last whole frame that are not yet known to be pixels: the next header, and
   * after it possibly pixels or (for tiny frames) further headers.
   */
  private readonly head = Buffer.alloc(HEADER_LIMIT)
  private headLength = 0
  private body: PartialFrame | null = null
  /** The last frame's memory, when frames may share it (see `reuseMemory`). */
  private spare: Uint8Array | null = null

  /**
   * With `reuseMemory`, a frame's data is valid only during its onFrame call and the next frame of
   * the same size is read into the same memory: no fresh pages to fault in for every frame (a 4K
   * frame is 25 MB), for consumers that turn each frame into something smaller at once.
   */
  constructor(
    private readonly onFrame: (frame: RgbFrame) => void,
    private readonly reuseMemory = false
  ) {}

  target(): Uint8Array {
    return this.body
      ? this.body.frame.data.subarray(this.body.filled)
      : this.head.subarray(this.headLength)
  }

  filled(count: number): void {
    if (!this.body) {
      this.headLength += count
      this.readHeaders()
      return
    }
    const body = this.body
    body.filled += count
    if (body.filled === body.frame.data.length) {
      this.body = null
      this.emit(body.frame)
    }
  }

  push(chunk: Uint8Array): void {
    let offset = 0
    while (offset < chunk.length) {
      const target = this.target()
      const count = Math.min(target.length, chunk.length - offset)
      target.set(chunk.subarray(offset, offset + count))
      offset += count
      this.filled(count)
    }
  }

  /** True when no partial frame is left over. */
  get finished(): boolean {
    return this.headLength === 0 && this.body === null
  }

  /** Starts a frame for each whole header gathered, moving the bytes after it into the frame. */
  private readHeaders(): void {
    while (this.headLength > 0 && !this.body) {
      const text = this.head.toString('latin1', 0, this.headLength)
      const match = HEADER.exec(text)
      if (!match) {
        if (this.headLength >= HEADER_LIMIT || !'P6'.startsWith(text.slice(0, 2))) {
          throw new Error('ffmpeg produced malformed PPM output')
        }
        return
      }
      if (match[3] !== '255') throw new Error(`unexpected PPM maxval ${match[3]}`)
      const width = Number(match[1])
      const height = Number(match[2])
      const frame = { data: this.frameMemory(width * height * 3), width, height }
      const pixelsStart = match[0].length
      const pixels = Math.min(this.headLength - pixelsStart, frame.data.length)
      frame.data.set(this.head.subarray(pixelsStart, pixelsStart + pixels))
      this.head.copyWithin(0, pixelsStart + pixels, this.headLength)
      this.headLength -= pixelsStart + pixels
      if (pixels === frame.data.length) this.emit(frame)
      else this.body = { frame, filled: pixels }
    }
  }

  private frameMemory(bytes: number): Uint8Array {
    return this.spare?.length === bytes ? this.spare : new Uint8Array(bytes)
  }

  private emit(frame: RgbFrame): void {
    this.onFrame(frame)
    if (this.reuseMemory) this.spare = frame.data
  }
}
