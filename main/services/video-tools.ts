// What the attachment store needs to know about videos, as an interface so the store does not
// depend on how ffmpeg is found or driven (main/media/ implements it; tests may pass the same).
import type { VideoInfo } from '../../preload/contract/types'

export interface VideoTools {
  /** Frame count, duration and size; throws for a file that is not a readable video. */
  probe(path: string): Promise<VideoInfo>
  /** The seed's sampling rule: which frame indices `frames` samples pick from `frameCount`. */
  chooseFrameIndices(frameCount: number, frames: number): number[]
  /** The chosen frames as encoded images (PNG or JPEG bytes), in index order. */
  extractFrames(path: string, indices: readonly number[]): Promise<Uint8Array[]>
}
