// Decodes the frames the seed's sampling rule picks from a video to RGB with one ffmpeg run:
// the select filter keeps the chosen frame indices (decode order, no frame-rate conversion),
// decoding stops after the last of them, and the frames come back as a PPM stream on stdout,
// written in one piece per frame. Cancellation and time limits kill ffmpeg.
import { MediaError } from './errors'
import { findFfmpeg } from './ffmpeg-locate'
import { chooseFrameIndices, DEFAULT_FRAME_COUNT } from './frame-select'
import { checkVideoFile, probeVideo } from './probe'
import type { VideoInfo, VideoOptions } from './probe'
import { PpmStreamParser } from './ppm-stream'
import type { RgbFrame } from './ppm-stream'
import { ffmpegInput, runFfmpeg } from './run-ffmpeg'

export type { RgbFrame } from './ppm-stream'

export interface ExtractOptions extends VideoOptions {
  /** Most frames to keep (default 32, as the seed). */
  count?: number
  /** Called after each decoded frame with (frames done, frames wanted). */
  onProgress?: (done: number, total: number) => void
  /**
   * For streamFrames consumers that keep nothing of a frame past their onFrame call: each frame
   * is read into the previous one's memory (see PpmStreamParser).
   */
  reuseFrameMemory?: boolean
  /**
   * Previews only: ffmpeg scales each chosen frame to fit within a square of this side, never
   * enlarging, so a 4K strip moves kilobytes instead of 25 MB per frame. The frames are then not
   * the model's pixels (preprocessing resizes the full frame itself, MODEL-SPEC §9).
   */
  fitWithin?: number
}

export interface ExtractedFrames {
  info: VideoInfo
  /** Index in the stream of each returned frame. */
  indices: number[]
  frames: RgbFrame[]
}

export const EXTRACT_TIMEOUT_MS = 600_000

function videoFilter(indices: readonly number[], fitWithin: number | undefined): string {
  const select = `select='${indices.map((i) => `eq(n,${i})`).join('+')}'`
  if (fitWithin === undefined) return select
  const side = Math.floor(fitWithin)
  return `${select},scale=w='min(${side},iw)':h='min(${side},ih)':force_original_aspect_ratio=decrease`
}

/**
 * ffmpeg's arguments to decode the frames at `indices` as a PPM stream into `output`.
 * `-frames:v` ends the run at the last chosen frame instead of decoding the rest of the video;
 * `-avioflags direct` writes each frame with one write instead of 32 KiB pieces via a copy.
 */
export function frameArgs(
  path: string,
  indices: readonly number[],
  output: string,
  fitWithin?: number
): string[] {
  return [
    '-loglevel',
    'error',
    '-i',
    ffmpegInput(path),
    '-map',
    '0:V:0',
    '-vf',
    videoFilter(indices, fitWithin),
    '-fps_mode',
    'passthrough',
    '-frames:v',
    String(indices.length),
    '-pix_fmt',
    'rgb24',
    '-c:v',
    'ppm',
    '-f',
    'image2pipe',
    '-avioflags',
    'direct',
    output
  ]
}

/**
 * Streams the frames at `indices` to `onFrame` in order; resolves with how many arrived (fewer
 * than asked when the stream ends early).
 */
export async function streamFrames(
  path: string,
  indices: readonly number[],
  onFrame: (frame: RgbFrame, position: number) => void,
  options: ExtractOptions = {}
): Promise<number> {
  const name = await checkVideoFile(path)
  if (indices.length === 0) return 0
  const ffmpeg = await findFfmpeg(options)
  let received = 0
  const parser = new PpmStreamParser((frame) => {
    if (received >= indices.length) throw new Error('ffmpeg returned more frames than selected')
    onFrame(frame, received)
    received++
    options.onProgress?.(received, indices.length)
  }, options.reuseFrameMemory)
  const input = ffmpegInput(path)
  const run = await runFfmpeg(ffmpeg.path, frameArgs(path, indices, '-', options.fitWithin), {
    name,
    timeoutMs: options.timeoutMs ?? EXTRACT_TIMEOUT_MS,
    signal: options.signal,
    sink: parser
  })
  if (run.exitCode !== 0 || !parser.finished) {
    const detail =
      run.stderr.trim().split('\n').at(-1)?.replaceAll(input, name).replaceAll(path, name) ?? ''
    throw new MediaError(
      'UNREADABLE_VIDEO',
      `${name} is not a readable video: frame decoding failed${detail ? ` (${detail})` : ''}`
    )
  }
  return received
}

/** Probes `path`, picks frames by the seed's rule and decodes them to RGB. */
export async function extractFrames(
  path: string,
  options: ExtractOptions = {}
): Promise<ExtractedFrames> {
  const info = await probeVideo(path, options)
  const wanted = chooseFrameIndices(info.frameCount, options.count ?? DEFAULT_FRAME_COUNT)
  const frames: RgbFrame[] = []
  const received = await streamFrames(path, wanted, (frame) => frames.push(frame), options)
  return { info, indices: wanted.slice(0, received), frames }
}
