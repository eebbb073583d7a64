// Video frames through the image preprocessing: each sampled frame is resized and normalised
// as soon as it is decoded, so only 224x224 tensors are kept, never all full-size frames, and
// each frame is decoded into the memory of the one before.
import { chooseFrameIndices, DEFAULT_FRAME_COUNT, probeVideo, streamFrames } from '../../media'
import type { ExtractOptions } from '../../media'
import { preprocessRgb } from './index'

/** One [3, 224, 224] float32 tensor per sampled frame, in stream order. */
export async function preprocessVideo(
  path: string,
  options: ExtractOptions = {}
): Promise<Float32Array[]> {
  const info = await probeVideo(path, options)
  const indices = chooseFrameIndices(info.frameCount, options.count ?? DEFAULT_FRAME_COUNT)
  const tensors: Float32Array[] = []
  await streamFrames(path, indices, (frame) => tensors.push(preprocessRgb(frame)), {
    ...options,
    reuseFrameMemory: true
  })
  return tensors
}
