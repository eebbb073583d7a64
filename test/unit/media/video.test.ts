// Probing, frame extraction and video preprocessing with the real ffmpeg on generated clips:
// exact frame counts, the seed's frame choice, and exact pixels from a lossless clip.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { extractFrames, probeVideo } from '../../../main/media'
import { preprocessVideo } from '../../../main/inference/preprocess/preprocess-video'
import { normalizeClip } from '../../../main/inference/preprocess'
import { ffmpeg, frameColour, makeCountingVideo } from './video-helpers'

const dir = mkdtempSync(join(tmpdir(), 'mpp-video-'))
const counting = join(dir, 'counting.mkv')
const h264 = join(dir, 'clip.mp4')

beforeAll(() => {
  makeCountingVideo(counting, 100)
  ffmpeg(
    '-f',
    'lavfi',
    '-i',
    'testsrc2=s=96x64:r=10',
    '-frames:v',
    '45',
    '-pix_fmt',
    'yuv420p',
    h264
  )
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('probeVideo', () => {
  it('reads frame count, rate, duration and size of a lossless clip', async () => {
    const info = await probeVideo(counting)
    expect(info).toEqual({ frameCount: 100, fps: 25, durationSec: 4, width: 64, height: 48 })
  })

  it('counts the frames of an MP4 as ffprobe reports nb_frames', async () => {
    const ffprobe = spawnSync(
      'ffprobe',
      [
        '-v',
        'error',
        '-select_streams',
        'v:0',
        '-show_entries',
        'stream=nb_frames',
        '-of',
        'csv=p=0',
        h264
      ],
      { encoding: 'utf8' }
    )
    const info = await probeVideo(h264)
    expect(info.frameCount).toBe(Number(ffprobe.stdout.trim()))
    expect(info.frameCount).toBe(45)
    expect(info.fps).toBe(10)
    expect([info.width, info.height]).toEqual([96, 64])
  })
})

describe('extractFrames', () => {
  it('keeps every third frame of 100 up to 32 frames, with the exact pixels of each', async () => {
    const result = await extractFrames(counting)
    expect(result.indices).toEqual(Array.from({ length: 32 }, (_, i) => i * 3))
    expect(result.frames).toHaveLength(32)
    result.frames.forEach((frame, i) => {
      expect([frame.width, frame.height]).toEqual([64, 48])
      const [r, g, b] = frameColour(result.indices[i])
      let wrong = 0
      for (let p = 0; p < frame.data.length; p += 3) {
        if (frame.data[p] !== r || frame.data[p + 1] !== g || frame.data[p + 2] !== b) wrong++
      }
      expect(wrong).toBe(0)
    })
  })

  it('takes a configurable number of frames', async () => {
    const result = await extractFrames(counting, { count: 8 })
    expect(result.indices).toEqual([0, 12, 24, 36, 48, 60, 72, 84])
    expect(result.frames.map((f) => f.data[0])).toEqual(
      result.indices.map((n) => frameColour(n)[0])
    )
  })
})

describe('extractFrames with fitWithin (previews)', () => {
  it('scales each chosen frame into the box keeping its aspect, and never enlarges', async () => {
    const wide = join(dir, 'wide.mkv')
    const tall = join(dir, 'tall.mkv')
    makeCountingVideo(wide, 10, '400x300')
    makeCountingVideo(tall, 10, '100x200')
    // 400x300 into 192: 192x144; 100x200 into 192: 96x192; 64x48 stays 64x48.
    for (const [file, size] of [
      [wide, [192, 144]],
      [tall, [96, 192]],
      [counting, [64, 48]]
    ] as const) {
      const result = await extractFrames(file, { count: 4, fitWithin: 192 })
      expect(result.frames).toHaveLength(4)
      for (const [i, frame] of result.frames.entries()) {
        expect([frame.width, frame.height]).toEqual(size)
        expect(frame.data.length).toBe(size[0] * size[1] * 3)
        // A flat frame scales to the same flat colour: the right frames were chosen.
        const [r, g, b] = frameColour(result.indices[i])
        const centre = (Math.floor(size[1] / 2) * size[0] + Math.floor(size[0] / 2)) * 3
        expect([...frame.data.subarray(centre, centre + 3)]).toEqual([r, g, b])
      }
    }
  })
})

describe('preprocessVideo', () => {
  it('gives one normalised 224x224 tensor per chosen frame', async () => {
    const tensors = await preprocessVideo(counting, { count: 4 })
    expect(tensors).toHaveLength(4)
    tensors.forEach((tensor, i) => {
      const [r, g, b] = frameColour(i * 25)
      const expected = normalizeClip(new Uint8Array([r, g, b]), 1, 1)
      expect(tensor.length).toBe(3 * 224 * 224)
      const plane = 224 * 224
      for (const c of [0, 1, 2]) {
        expect(tensor[c * plane]).toBe(expected[c])
        expect(tensor[c * plane + plane - 1]).toBe(expected[c])
      }
    })
  })
})
