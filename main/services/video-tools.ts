// What the attachment store needs to know about videos, as an interface so the store does not
// depend on how ffmpeg is found or driven (media-video-tools.ts implements it over main/media).
import type { VideoInfo } from '../../preload/contract/types'

/** One decoded frame: width * height * 3 bytes, RGB. */
export interface RawFrame {
  readonly data: Uint8Array
  readonly width: number
  readonly height: number
}

export interface VideoTools {
  /** Frame count, duration and size; throws for a file that is not a readable video. */
  probe(path: string): Promise<VideoInfo>
  /** The seed's sampling rule: which frame indices `frames` samples pick from `frameCount`. */
  chooseFrameIndices(frameCount: number, frames: number): number[]
  /**
   * The frames at `indices`, decoded, in index order; with `fitWithin`, scaled by the decoder to fit
   * a square of that side (for previews: never enlarged, and not the model's pixels).
   */
  extractFrames(path: string, indices: readonly number[], fitWithin?: number): Promise<RawFrame[]>
}
