// Reads a video's frame count, frame rate, duration and size with ffmpeg alone (ffmpeg-static
// ships no ffprobe). The frame count is exact: the video packets are stream-copied to the null
// muxer and counted, which equals the container's nb_frames where it has one (what OpenCV's
// CAP_PROP_FRAME_COUNT reports) and is the true count where it has none (Matroska, WebM), for
// which OpenCV would estimate duration x fps instead.
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { MediaError } from './errors'
import { findFfmpeg } from './ffmpeg-locate'
import type { LocateOptions } from './ffmpeg-locate'
import { ffmpegInput, runFfmpeg } from './run-ffmpeg'

export interface VideoInfo {
  frameCount: number
  /** The stream's guessed frame rate (ffmpeg's "tbr", OpenCV's CAP_PROP_FPS). */
  fps: number
  durationSec: number
  width: number
  height: number
}

export interface VideoOptions extends LocateOptions {
  signal?: AbortSignal
  /** Limit for each ffmpeg run (default 120 s for probing, 600 s for extraction). */
  timeoutMs?: number
}

export const PROBE_TIMEOUT_MS = 120_000

/** Fails with NOT_FOUND or EMPTY_FILE before ffmpeg is involved. */
export async function checkVideoFile(path: string): Promise<string> {
  const name = basename(path)
  const info = await stat(path).catch((error: unknown) => {
    throw new MediaError('NOT_FOUND', `${name} cannot be opened: it does not exist`, {
      cause: error
    })
  })
  if (!info.isFile()) throw new MediaError('NOT_FOUND', `${name} is not a file`)
  if (info.size === 0) throw new MediaError('EMPTY_FILE', `${name} is empty (0 bytes)`)
  return name
}

function parseRate(line: string, unit: string): number | undefined {
  const match = new RegExp(`(\\d+(?:\\.\\d+)?)(k?) ${unit}\\b`).exec(line)
  if (!match) return undefined
  return Number(match[1]) * (match[2] === 'k' ? 1000 : 1)
}

/** Parses ffmpeg's input dump (stderr) and the -progress output (stdout) of the counting run. */
export function parseProbeOutput(stderr: string, progress: string): VideoInfo | undefined {
  const input = stderr.split(/^Output #0/m)[0]
  const streamLine = input
    .split('\n')
    .find((line) => /Stream #\d+:\d+.*: Video: /.test(line) && !line.includes('(attached pic)'))
  if (!streamLine) return undefined
  const size = /, (\d+)x(\d+)[\s,[]/.exec(streamLine)
  const fps = parseRate(streamLine, 'tbr') ?? parseRate(streamLine, 'fps') ?? 0
  const frames = [...progress.matchAll(/^frame=(\d+)$/gm)].at(-1)
  const frameCount = frames ? Number(frames[1]) : 0
  const duration = /Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)/.exec(input)
  const durationSec = duration
    ? Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3])
    : fps > 0
      ? frameCount / fps
      : 0
  return {
    frameCount,
    fps,
    durationSec,
    width: size ? Number(size[1]) : 0,
    height: size ? Number(size[2]) : 0
  }
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n')
  return (lines.at(-1) ?? '').trim()
}

/** Frame count, frame rate, duration and size of the first video stream of `path`. */
export async function probeVideo(path: string, options: VideoOptions = {}): Promise<VideoInfo> {
  const name = await checkVideoFile(path)
  const ffmpeg = await findFfmpeg(options)
  const input = ffmpegInput(path)
  const run = await runFfmpeg(
    ffmpeg.path,
    [
      '-i',
      input,
      '-map',
      '0:V:0',
      '-c',
      'copy',
      '-f',
      'null',
      '-progress',
      'pipe:1',
      '-nostats',
      '-'
    ],
    { name, timeoutMs: options.timeoutMs ?? PROBE_TIMEOUT_MS, signal: options.signal }
  )
  if (/matches no streams/.test(run.stderr)) {
    throw new MediaError('NO_VIDEO_STREAM', `${name} has no video stream`)
  }
  const info = run.exitCode === 0 ? parseProbeOutput(run.stderr, run.stdout) : undefined
  if (!info) {
    const detail =
      lastLine(run.stderr).replaceAll(input, name).replaceAll(path, name) ||
      `ffmpeg exit code ${run.exitCode}`
    throw new MediaError('UNREADABLE_VIDEO', `${name} is not a readable video: ${detail}`)
  }
  if (info.frameCount === 0) {
    throw new MediaError('UNREADABLE_VIDEO', `${name} is not a readable video: it has no frames`)
  }
  return info
}
