// Splits ffmpeg's image2pipe output of binary PPM (P6, maxval 255) images back into frames as
// the bytes arrive, so that no frame file is ever written to disk.

export interface RgbFrame {
  /** width * height * 3 bytes, R G B. */
  data: Uint8Array
  width: number
  height: number
}

const HEADER = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/

export class PpmStreamParser {
  private pending: Buffer = Buffer.alloc(0)

  constructor(private readonly onFrame: (frame: RgbFrame) => void) {}

  push(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk])
    for (;;) {
      // A header is at most "P6\n" + two 10-digit sizes + "255\n": well within 64 bytes.
      const head = this.pending.subarray(0, 64).toString('latin1')
      const match = HEADER.exec(head)
      if (!match) {
        if (
          this.pending.length >= 64 ||
          (this.pending.length > 0 && !'P6'.startsWith(head.slice(0, 2)))
        ) {
          throw new Error('ffmpeg produced malformed PPM output')
        }
        return
      }
      if (match[3] !== '255') throw new Error(`unexpected PPM maxval ${match[3]}`)
      const width = Number(match[1])
      const height = Number(match[2])
      const start = match[0].length
      const end = start + width * height * 3
      if (this.pending.length < end) return
      const data = new Uint8Array(end - start)
      data.set(this.pending.subarray(start, end))
      this.pending = this.pending.subarray(end)
      this.onFrame({ data, width, height })
    }
  }

  /** True when no partial frame is left over. */
  get finished(): boolean {
    return this.pending.length === 0
  }
}
