// VideoTools over main/media: ffmpeg probing, the seed's frame choice and frame decoding.
import { chooseFrameIndices, probeVideo, streamFrames } from '../media'
import type { RawFrame, VideoTools } from './video-tools'

export function createMediaVideoTools(): VideoTools {
  return {
    probe: async (path) => {
      const info = await probeVideo(path)
      return {
        frameCount: info.frameCount,
        durationSec: info.durationSec,
        width: info.width,
        height: info.height
      }
    },
    chooseFrameIndices: (frameCount, frames) => chooseFrameIndices(frameCount, frames),
    extractFrames: async (path, indices, fitWithin) => {
      const frames: RawFrame[] = []
      await streamFrames(path, indices, (frame) => frames.push(frame), { fitWithin })
      return frames
    }
  }
}
