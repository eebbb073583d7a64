// Bad video input and ffmpeg trouble: each case is a specific MediaError, ffmpeg never outlives
// a cancelled or timed-out run, and the ffmpeg search order is configured path, ffmpeg-static,
// then PATH.
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { extractFrames, findFfmpeg, MediaError, probeVideo } from '../../../main/media'
import type { MediaErrorCode } from '../../../main/media'
import { ffmpeg, makeCountingVideo, processesMentioning } from './video-helpers'

const dir = mkdtempSync(join(tmpdir(), 'mpp-video-errors-'))
const audioOnly = join(dir, 'voice.m4a')
const noise = join(dir, 'noise.mp4')
const empty = join(dir, 'empty.mp4')
const long = join(dir, 'long-clip.mkv')

beforeAll(() => {
  ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', audioOnly)
  writeFileSync(noise, randomBytes(64 * 1024))
  writeFileSync(empty, '')
  makeCountingVideo(long, 200, '160x120')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function codeOf(work: Promise<unknown>): Promise<MediaErrorCode> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(MediaError)
  return (error as MediaError).code
}

describe('bad video input', () => {
  it('an audio-only file is NO_VIDEO_STREAM', async () => {
    expect(await codeOf(probeVideo(audioOnly))).toBe('NO_VIDEO_STREAM')
    expect(await codeOf(extractFrames(audioOnly))).toBe('NO_VIDEO_STREAM')
  })

  it('random bytes are UNREADABLE_VIDEO', async () => {
    const error = await probeVideo(noise).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MediaError)
    expect((error as MediaError).code).toBe('UNREADABLE_VIDEO')
    expect((error as MediaError).message).toMatch(/^noise\.mp4 is not a readable video: /)
  })

  it('a zero-byte file is EMPTY_FILE and a missing one NOT_FOUND', async () => {
    expect(await codeOf(probeVideo(empty))).toBe('EMPTY_FILE')
    expect(await codeOf(extractFrames(join(dir, 'absent.mp4')))).toBe('NOT_FOUND')
  })
})

describe('cancellation and time limits', () => {
  it('aborting during extraction is CANCELLED and kills ffmpeg', async () => {
    const controller = new AbortController()
    let seen = 0
    const work = extractFrames(long, {
      signal: controller.signal,
      onProgress: (done) => {
        seen = done
        controller.abort()
      }
    })
    expect(await codeOf(work)).toBe('CANCELLED')
    expect(seen).toBe(1)
    expect(processesMentioning(long)).toEqual([])
  })

  it('an already aborted signal never starts ffmpeg', async () => {
    expect(await codeOf(probeVideo(long, { signal: AbortSignal.abort() }))).toBe('CANCELLED')
  })

  it('a run past its time limit is TIMEOUT and kills ffmpeg', async () => {
    expect(await codeOf(probeVideo(long, { timeoutMs: 1 }))).toBe('TIMEOUT')
    expect(processesMentioning(long)).toEqual([])
  })
})

describe('findFfmpeg', () => {
  const bundled = (() => {
    try {
      const path: unknown = createRequire(import.meta.url)('ffmpeg-static')
      return typeof path === 'string' && existsSync(path) ? path : undefined
    } catch {
      return undefined
    }
  })()

  it('a configured path wins (option, then MPP_FFMPEG)', async () => {
    const fromEnv = await findFfmpeg({ env: { MPP_FFMPEG: '/usr/bin/ffmpeg', PATH: '' } })
    expect(fromEnv).toEqual({ path: '/usr/bin/ffmpeg', source: 'configured' })
    const fromOption = await findFfmpeg({
      ffmpegPath: '/usr/bin/ffmpeg',
      env: { MPP_FFMPEG: '/nowhere/ffmpeg' }
    })
    expect(fromOption.source).toBe('configured')
  })

  it('a configured path that does not exist is FFMPEG_NOT_FOUND', async () => {
    expect(await codeOf(findFfmpeg({ env: { MPP_FFMPEG: join(dir, 'no-ffmpeg') } }))).toBe(
      'FFMPEG_NOT_FOUND'
    )
  })

  it('without a configured path: ffmpeg-static when its binary exists, else PATH', async () => {
    const found = await findFfmpeg({ env: { PATH: '/usr/bin' } })
    if (bundled) expect(found).toEqual({ path: bundled, source: 'ffmpeg-static' })
    else expect(found).toEqual({ path: '/usr/bin/ffmpeg', source: 'path' })
    const skipStatic = await findFfmpeg({ env: { PATH: '/usr/bin' }, useFfmpegStatic: false })
    expect(skipStatic).toEqual({ path: '/usr/bin/ffmpeg', source: 'path' })
  })

  it('nothing anywhere is FFMPEG_NOT_FOUND, and video calls report it', async () => {
    const env = { PATH: dir }
    expect(await codeOf(findFfmpeg({ env, useFfmpegStatic: false }))).toBe('FFMPEG_NOT_FOUND')
    expect(await codeOf(probeVideo(long, { env, useFfmpegStatic: false }))).toBe('FFMPEG_NOT_FOUND')
  })
})
