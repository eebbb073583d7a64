// The PPM splitter on hand-built streams: frames come back byte for byte whatever the chunking
// (headers split anywhere, several frames per chunk), whether chunks are pushed in or a reader
// writes into the memory the parser names, bad streams are refused, and a frame as large as a
// 5000x5000 video's arriving in pipe-sized chunks is parsed without recopying what came before.
import { describe, expect, it } from 'vitest'
import { PpmStreamParser, type RgbFrame } from '../../../main/media/ppm-stream'

function ppm(width: number, height: number, seed: number): { bytes: Buffer; pixels: Buffer } {
  const pixels = Buffer.alloc(width * height * 3)
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 31 + seed * 7) & 0xff
  const header = Buffer.from(`P6\n${width} ${height}\n255\n`, 'latin1')
  return { bytes: Buffer.concat([header, pixels]), pixels }
}

function parseInChunks(stream: Buffer, sizes: (index: number) => number): RgbFrame[] {
  const frames: RgbFrame[] = []
  const parser = new PpmStreamParser((frame) => frames.push(frame))
  let offset = 0
  for (let index = 0; offset < stream.length; index++) {
    const size = Math.max(1, sizes(index))
    parser.push(stream.subarray(offset, offset + size))
    offset += size
  }
  expect(parser.finished).toBe(true)
  return frames
}

/** Like a socket with `onread`: each read writes at most `sizes(i)` bytes into `target()`. */
function readInto(stream: Buffer, sizes: (index: number) => number): RgbFrame[] {
  const frames: RgbFrame[] = []
  const parser = new PpmStreamParser((frame) => frames.push(frame))
  let offset = 0
  for (let index = 0; offset < stream.length; index++) {
    const target = parser.target()
    expect(target.length).toBeGreaterThan(0)
    const count = Math.min(target.length, Math.max(1, sizes(index)), stream.length - offset)
    stream.copy(target, 0, offset, offset + count)
    offset += count
    parser.filled(count)
  }
  expect(parser.finished).toBe(true)
  return frames
}

describe('PpmStreamParser', () => {
  const a = ppm(7, 5, 1)
  const b = ppm(3, 9, 2)
  const c = ppm(1, 1, 3)
  const stream = Buffer.concat([a.bytes, b.bytes, c.bytes])
  const expected = [
    { width: 7, height: 5, pixels: a.pixels },
    { width: 3, height: 9, pixels: b.pixels },
    { width: 1, height: 1, pixels: c.pixels }
  ]

  const chunkings: Array<[string, (index: number) => number]> = [
    ['the whole stream at once', () => stream.length],
    ['one byte at a time', () => 1],
    ['odd sizes that split headers and pixels', (index) => [2, 5, 13, 1, 40, 3][index % 6]]
  ]
  for (const [name, sizes] of chunkings) {
    it(`returns every frame exactly, fed ${name}`, () => {
      const frames = parseInChunks(stream, sizes)
      expect(
        frames.map((f) => ({ width: f.width, height: f.height, pixels: Buffer.from(f.data) }))
      ).toEqual(expected)
    })
  }

  for (const [name, sizes] of chunkings) {
    it(`returns every frame exactly, read into its target() ${name}`, () => {
      const frames = readInto(stream, sizes)
      expect(
        frames.map((f) => ({ width: f.width, height: f.height, pixels: Buffer.from(f.data) }))
      ).toEqual(expected)
    })
  }

  it('returns several tiny frames that arrive within one header-sized read', () => {
    const tiny = [ppm(1, 1, 5), ppm(2, 1, 6), ppm(1, 2, 7), ppm(1, 1, 8)]
    const frames = readInto(Buffer.concat(tiny.map((t) => t.bytes)), () => 1 << 20)
    expect(frames.map((f) => Buffer.from(f.data))).toEqual(tiny.map((t) => t.pixels))
    expect(frames.map((f) => [f.width, f.height])).toEqual([
      [1, 1],
      [2, 1],
      [1, 2],
      [1, 1]
    ])
  })

  it('with reuseMemory, reads a frame of the same size into the memory of the last', () => {
    const first = ppm(4, 3, 9)
    const second = ppm(4, 3, 10)
    const other = ppm(2, 2, 11)
    const seen: Array<{ pixels: Buffer; memory: ArrayBufferLike }> = []
    const parser = new PpmStreamParser(
      (frame) => seen.push({ pixels: Buffer.from(frame.data), memory: frame.data.buffer }),
      true
    )
    parser.push(Buffer.concat([first.bytes, second.bytes, other.bytes]))
    expect(seen.map((s) => s.pixels)).toEqual([first.pixels, second.pixels, other.pixels])
    expect(seen[1].memory).toBe(seen[0].memory)
    expect(seen[2].memory).not.toBe(seen[0].memory)
  })

  it('without reuseMemory, every frame keeps its own memory', () => {
    const frames = parseInChunks(Buffer.concat([a.bytes, a.bytes]), () => 1 << 20)
    expect(frames[1].data.buffer).not.toBe(frames[0].data.buffer)
    expect(Buffer.from(frames[0].data)).toEqual(a.pixels)
  })

  it('reports a partial frame as unfinished', () => {
    const parser = new PpmStreamParser(() => {})
    parser.push(a.bytes.subarray(0, a.bytes.length - 1))
    expect(parser.finished).toBe(false)
  })

  it('refuses a stream that is not P6 and a maxval other than 255', () => {
    expect(() => new PpmStreamParser(() => {}).push(Buffer.from('P3\n1 1\n255\n'))).toThrow(
      /malformed PPM/
    )
    expect(() => new PpmStreamParser(() => {}).push(Buffer.from('P6\n1 1\n65535\n'))).toThrow(
      /maxval 65535/
    )
    expect(() => new PpmStreamParser(() => {}).push(Buffer.from(`P6${' '.repeat(70)}`))).toThrow(
      /malformed PPM/
    )
  })

  // 75 MB in 1145 pipe reads of 64 KiB: recopying the pending bytes on each read moves ~43 GB
  // (the 46 s per frame of the bug report); copying each byte once moves 75 MB.
  it('parses a 5000x5000 frame arriving in 64 KiB chunks', () => {
    const big = ppm(5000, 5000, 4)
    const frames = parseInChunks(big.bytes, () => 64 * 1024)
    expect(frames).toHaveLength(1)
    expect(Buffer.from(frames[0].data).equals(big.pixels)).toBe(true)
  }, 20_000)
})
