// The socket pair that carries ffmpeg's stdout into frames: a real child's bytes land exactly in
// the memory the sink names, a sink that throws stops the reads without an uncaught exception,
// and frame extraction leaves nothing in the temporary folder whether it ends well, is aborted,
// or meets a corrupt video.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { MediaError } from '../../../main/media'
import { extractFrames, streamFrames } from '../../../main/media'
import type { ByteSink } from '../../../main/media/ppm-stream'
import { openSocketPair, socketPairSupported } from '../../../main/media/socket-pair'
import { frameColour, makeCountingVideo, processesMentioning } from './video-helpers'

const dir = mkdtempSync(join(tmpdir(), 'mpp-socket-pair-'))
const payload = randomBytes(3 * 1024 * 1024 + 17)
const payloadFile = join(dir, 'payload.bin')
const clip = join(dir, 'clip.mkv')
const tinyFrames = join(dir, 'tiny-frames.mkv')

beforeAll(() => {
  writeFileSync(payloadFile, payload)
  makeCountingVideo(clip, 60, '640x480')
  makeCountingVideo(tinyFrames, 100, '8x8')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/**
 * A sink whose targets are consecutive pieces of one buffer, at most `piece` bytes each; one spare
 * byte keeps the last target non-empty (a sink's target never is) and would catch extra bytes.
 */
function bufferSink(
  size: number,
  piece: number
): ByteSink & { received: () => Buffer; reads: number } {
  const memory = Buffer.alloc(size + 1)
  let at = 0
  return {
    received: () => memory.subarray(0, at),
    reads: 0,
    target() {
      return memory.subarray(at, Math.min(at + piece, memory.length))
    },
    filled(count) {
      at += count
      this.reads++
    },
    push() {
      throw new Error('a socket pair never pushes chunks')
    }
  }
}

/** Runs `cat payload` with the pair's writing end as stdout; settles when the reader closes. */
function catInto(sink: ByteSink, onError: (error: unknown) => void): Promise<void> {
  return openSocketPair(sink, onError).then(
    ({ reader, writer }) =>
      new Promise<void>((resolve, reject) => {
        const child = spawn('cat', [payloadFile], { stdio: ['ignore', writer, 'inherit'] })
        writer.destroy()
        child.on('error', reject)
        reader.on('error', reject)
        reader.on('close', () => resolve())
      })
  )
}

describe.runIf(socketPairSupported)('openSocketPair', () => {
  it("delivers a child's stdout byte for byte into the sink's targets", async () => {
    const sink = bufferSink(payload.length, 1 << 20)
    await catInto(sink, (error) => {
      throw error
    })
    expect(sink.received().equals(payload)).toBe(true)
    expect(sink.reads).toBeGreaterThan(3)
  })

  it('a sink that throws is reported once and reads nothing more', async () => {
    const sink = bufferSink(payload.length, 64 * 1024)
    const errors: unknown[] = []
    let allowed = 3
    const filled = sink.filled.bind(sink)
    sink.filled = (count) => {
      if (allowed-- === 0) throw new Error('sink refused')
      filled(count)
    }
    const opened = openSocketPair(sink, (error) => errors.push(error))
    const { reader, writer } = await opened
    const child = spawn('cat', [payloadFile], { stdio: ['ignore', writer, 'inherit'] })
    writer.destroy()
    await new Promise((resolve) => child.on('close', resolve))
    reader.destroy()
    expect(errors).toEqual([new Error('sink refused')])
    expect(sink.reads).toBe(3)
  })
})

describe('cancellation with frames already on their way', () => {
  // A hundred 8x8 frames (20 KB) fit in the socket's buffer. The first frame's handler holds the
  // event loop long enough for ffmpeg to write the rest, then aborts: none may reach the caller.
  it('no frame is delivered after the abort', async () => {
    const controller = new AbortController()
    let seen = 0
    const indices = Array.from({ length: 100 }, (_, i) => i)
    const error = await streamFrames(
      tinyFrames,
      indices,
      () => {
        seen++
        const until = Date.now() + 500
        while (Date.now() < until) {
          // Busy on purpose: ffmpeg fills the socket meanwhile.
        }
        controller.abort()
      },
      { signal: controller.signal }
    ).catch((e: unknown) => e)
    expect((error as MediaError).code).toBe('CANCELLED')
    expect(seen).toBe(1)
  })
})

describe('temporary files of frame extraction', () => {
  // os.tmpdir() follows TMPDIR, so every temporary entry the extraction makes lands here.
  const privateTemp = join(dir, 'tmp')
  const saved = process.env.TMPDIR
  beforeAll(() => {
    rmSync(privateTemp, { recursive: true, force: true })
    writeFileSync(join(dir, 'corrupt.mkv'), randomBytes(32 * 1024))
  })
  afterEach(() => {
    process.env.TMPDIR = saved
  })
  const inPrivateTemp = (): string[] => readdirSync(privateTemp)
  const useTemp = (): void => {
    rmSync(privateTemp, { recursive: true, force: true })
    mkdirSync(privateTemp)
    process.env.TMPDIR = privateTemp
  }

  it('none are left after a full extraction', async () => {
    useTemp()
    const result = await extractFrames(clip, { count: 8 })
    expect(result.frames).toHaveLength(8)
    expect(inPrivateTemp()).toEqual([])
  })

  it('none are left, and ffmpeg is gone, after an abort', async () => {
    useTemp()
    const controller = new AbortController()
    const error = await extractFrames(clip, {
      signal: controller.signal,
      onProgress: () => controller.abort()
    }).catch((e: unknown) => e)
    expect((error as MediaError).code).toBe('CANCELLED')
    expect(inPrivateTemp()).toEqual([])
    expect(processesMentioning(clip)).toEqual([])
  })

  it('with no room for a socket path the frames come through the pipe, exactly', async () => {
    // A Unix socket path is limited to about 100 bytes; this folder's name alone is longer. libuv
    // would cut it short and bind a socket in the folder above: nothing may appear there either.
    const deep = join(dir, 'd'.repeat(120))
    mkdirSync(deep, { recursive: true })
    process.env.TMPDIR = deep
    const around = readdirSync(dir)
    const noSocket = await openSocketPair(bufferSink(1, 1), () => {}).catch((e: unknown) => e)
    expect(noSocket).toBeInstanceOf(Error)
    const result = await extractFrames(clip, { count: 8 })
    expect(result.frames).toHaveLength(8)
    result.frames.forEach((frame, i) => {
      const [r, g, b] = frameColour(result.indices[i])
      const expected = Buffer.alloc(640 * 480 * 3)
      for (let p = 0; p < expected.length; p += 3) expected.set([r, g, b], p)
      expect(Buffer.from(frame.data).equals(expected)).toBe(true)
    })
    expect(readdirSync(deep)).toEqual([])
    expect(readdirSync(dir)).toEqual(around)
  })

  it('none are left after ffmpeg fails on a corrupt video', async () => {
    useTemp()
    // Straight to decoding, past the probe that would refuse it first.
    const error = await streamFrames(join(dir, 'corrupt.mkv'), [0, 1], () => {}).catch(
      (e: unknown) => e
    )
    expect((error as MediaError).code).toBe('UNREADABLE_VIDEO')
    expect(inPrivateTemp()).toEqual([])
  })
})
