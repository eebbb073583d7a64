// Video attachments through real ffmpeg (Debian's, on PATH): probing, the seed's frame choice for
// the strip, thumbnails of the chosen frames, and a clear error for a file that is no video.
import { execFileSync } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createMediaVideoTools } from '../../../main/services/media-video-tools'
import { serviceFixture } from '../../helpers/service-fixture'

function makeVideo(path: string, frames: number): void {
  execFileSync('ffmpeg', [
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    `testsrc=size=64x48:rate=10`,
    '-frames:v',
    String(frames),
    '-pix_fmt',
    'yuv420p',
    '-y',
    path
  ])
}

describe('video attachments', () => {
  it('stores a video with its frame count and shows the frames the seed rule samples', async () => {
    const { attachments, root } = await serviceFixture(null, createMediaVideoTools())
    const path = join(root, 'clip.mp4')
    makeVideo(path, 40)
    const info = await attachments.addPath(path)
    expect(info).toMatchObject({ kind: 'video', width: 64, height: 48, video: { frameCount: 40 } })
    expect(info.thumbnail.startsWith('data:image/jpeg;base64,')).toBe(true)
    // MODEL-SPEC §9: interval = floor(40 / 8) = 5, keep i % 5 == 0, at most 8 frames.
    const strip = await attachments.frameStrip(info.id, 8)
    expect(strip.indices).toEqual([0, 5, 10, 15, 20, 25, 30, 35])
    expect(strip.thumbnails).toHaveLength(8)
  })

  it('refuses a file named .mp4 that is not a video, naming it', async () => {
    const { attachments, root } = await serviceFixture(null, createMediaVideoTools())
    await writeFile(join(root, 'notes.mp4'), 'just text, not a video')
    await expect(attachments.addPath(join(root, 'notes.mp4'))).rejects.toMatchObject({
      code: 'UNREADABLE_FILE',
      message: expect.stringContaining('notes.mp4 is not a readable video')
    })
  })
  it('says a file with sound only has no video track', async () => {
    const { attachments, root } = await serviceFixture(null, createMediaVideoTools())
    const path = join(root, 'song.mp4')
    execFileSync('ffmpeg', [
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:duration=1',
      '-y',
      path
    ])
    await expect(attachments.addPath(path)).rejects.toMatchObject({
      code: 'UNREADABLE_FILE',
      file: { problem: 'no-video-track' }
    })
  })
})
