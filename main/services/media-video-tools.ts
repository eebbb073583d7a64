// VideoTools over main/media (ffmpeg probing, the seed's frame choice, frame extraction).
import type { VideoTools } from './video-tools'

export function createMediaVideoTools(): VideoTools {
  const missing = async (): Promise<never> => {
    throw new Error('video support is not built into this version yet')
  }
  return { probe: missing, chooseFrameIndices: () => [], extractFrames: missing }
}
