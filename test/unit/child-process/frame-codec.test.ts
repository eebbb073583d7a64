// The child channel's byte format, against bytes written by hand: lengths little-endian, the JSON
// header with each Float32Array as {"$f32": n} padded with spaces to 4n bytes, the arrays'
// IEEE-754 bytes after it. Split and joined streams, aligned or not, give back the same messages; broken frames and values JSON would mangle are
// refused.
import { describe, expect, it } from 'vitest'
import {
  encodeFrame,
  FrameError,
  FrameReader,
  MAX_FRAME_BYTES
} from '../../../main/inference/child-process/frame-codec'

/** A frame assembled by hand from its header text (padded with spaces to 4n bytes) and floats. */
function handFrame(header: string, floats: number[], pad = true): Buffer {
  const head = Buffer.from(pad ? header.padEnd(Math.ceil(header.length / 4) * 4) : header, 'utf8')
  const lengths = Buffer.alloc(8)
  lengths.writeUInt32LE(head.length, 0)
  lengths.writeUInt32LE(floats.length * 4, 4)
  const payload = Buffer.alloc(floats.length * 4)
  floats.forEach((value, i) => payload.writeFloatLE(value, i * 4))
  return Buffer.concat([lengths, head, payload])
}

describe('frame codec', () => {
  it('writes the documented bytes', () => {
    const message = { kind: 'echo', call: 7, input: { hidden: Float32Array.of(1.5, -2), n: [3] } }
    expect(encodeFrame(message)).toEqual(
      handFrame('{"kind":"echo","call":7,"input":{"hidden":{"$f32":2},"n":[3]}}', [1.5, -2])
    )
  })

  it('reads messages back from a stream cut at every byte, and from frames joined in one chunk', () => {
    // The first frame's payload is misaligned (read by copy), the second's aligned (read in place).
    const first = handFrame('{"a":{"$f32":3},"b":[{"$f32":1}]}', [0.25, 1e-7, -0, 42], false)
    const second = handFrame('{"kind":"ready","x":{"$f32":1}}', [3.5])
    const stream = Buffer.concat([first, second])
    const expected = [
      { a: Float32Array.of(0.25, 1e-7, -0), b: [Float32Array.of(42)] },
      { kind: 'ready', x: Float32Array.of(3.5) }
    ]
    const reader = new FrameReader()
    const byByte: unknown[] = []
    for (let i = 0; i < stream.length; i++) byByte.push(...reader.push(stream.subarray(i, i + 1)))
    expect(byByte).toEqual(expected)
    expect(new FrameReader().push(stream)).toEqual(expected)
    const decoded = byByte[0] as { a: Float32Array }
    expect(decoded.a).toBeInstanceOf(Float32Array)
    expect(Object.is(decoded.a[2], -0)).toBe(true)
  })

  it('carries Int32Arrays (top-k ids) as {"$i32": n} and their bytes', () => {
    const message = { top: { values: Float32Array.of(2.5), ids: Int32Array.of(-3, 151643) } }
    const json = '{"top":{"values":{"$f32":1},"ids":{"$i32":2}}}'
    expect(json.length).toBe(46)
    const head = Buffer.from(`${json}  `, 'utf8')
    const lengths = Buffer.alloc(8)
    lengths.writeUInt32LE(head.length, 0)
    lengths.writeUInt32LE(12, 4)
    const payload = Buffer.alloc(12)
    payload.writeFloatLE(2.5, 0)
    payload.writeInt32LE(-3, 4)
    payload.writeInt32LE(151643, 8)
    const frame = Buffer.concat([lengths, head, payload])
    expect(encodeFrame(message)).toEqual(frame)
    const [decoded] = new FrameReader().push(frame) as [typeof message]
    expect(decoded.top.ids).toBeInstanceOf(Int32Array)
    expect(decoded).toEqual(message)
  })

  it('copies an array that is a view into a larger buffer, and only its own bytes', () => {
    const backing = Float32Array.of(9, 8, 7, 6)
    const frame = encodeFrame({ x: backing.subarray(1, 3) })
    expect(frame).toEqual(handFrame('{"x":{"$f32":2}}', [8, 7]))
  })

  it('writes into a buffer it is given when that is large enough, else into a new one', () => {
    const scratch = Buffer.alloc(64, 0xee)
    const frame = encodeFrame({ x: Float32Array.of(1.5, -2) }, scratch)
    expect(frame.buffer).toBe(scratch.buffer)
    expect(frame).toEqual(handFrame('{"x":{"$f32":2}}', [1.5, -2]))
    const larger = encodeFrame({ x: new Float32Array(32) }, scratch)
    expect(larger.buffer).not.toBe(scratch.buffer)
    expect(larger).toEqual(handFrame('{"x":{"$f32":32}}', new Array<number>(32).fill(0)))
  })

  it('keeps a "__proto__" key as data and restores the arrays under it', () => {
    const frame = handFrame('{"__proto__":{"x":{"$f32":1}},"y":1}', [0.5])
    const [decoded] = new FrameReader().push(frame) as [Record<string, unknown>]
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype)
    expect(Object.keys(decoded)).toEqual(['__proto__', 'y'])
    expect(Object.getOwnPropertyDescriptor(decoded, '__proto__')?.value).toEqual({
      x: Float32Array.of(0.5)
    })
  })

  it('refuses what JSON would silently change, and other binary types', () => {
    expect(() => encodeFrame({ ms: Number.NaN })).toThrow(FrameError)
    expect(() => encodeFrame({ data: new Uint8Array(2) })).toThrow(/Uint8Array cannot travel/)
    expect(() => encodeFrame({ $f32: 1 })).toThrow(/reserved/)
    expect(() => encodeFrame({ $i32: 1 })).toThrow(/reserved/)
  })

  it('refuses broken frames: a length over the limit, a short payload, bytes left over, bad JSON', () => {
    const huge = Buffer.alloc(8)
    huge.writeUInt32LE(MAX_FRAME_BYTES, 0)
    expect(() => new FrameReader().push(huge)).toThrow(/over the limit/)
    expect(() => new FrameReader().push(handFrame('{"a":{"$f32":2}}', [1]))).toThrow(/too short/)
    expect(() => new FrameReader().push(handFrame('{"a":{"$f32":1}}', [1, 2]))).toThrow(/unclaimed/)
    expect(() => new FrameReader().push(handFrame('{"a":', []))).toThrow(/not JSON/)
    expect(() => new FrameReader().push(handFrame('{"a":{"$f32":-1}}', []))).toThrow(
      /bad typed array/
    )
  })
})
