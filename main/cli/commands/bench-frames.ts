// `mpp bench frames [VIDEO]`: times the app's frame extraction (ffmpeg decoding the sampled frames
// to a PPM pipe, split into RGB frames here) against ffmpeg alone writing the same frames to the
// null device, in interleaved rounds. Without VIDEO it generates a 4 s 4K test clip. Target: the
// app within 1.3x of ffmpeg alone (the splitter must cost next to nothing).
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { devNull, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Command } from 'commander'
import { defineError } from '../../shared/errors'
import { chooseFrameIndices, findFfmpeg, probeVideo, streamFrames } from '../../media'
import { frameArgs } from '../../media/extract-frames'
import { runFfmpeg } from '../../media/run-ffmpeg'
import { runAction } from '../run-action'
import { median, medianRatio, timeRounds } from './bench-preprocess'

const TARGET_RATIO = 1.3

const BenchFramesError = defineError('BenchFramesError', ['INVALID_ARGUMENT', 'BENCH_FAILED'])

interface BenchFramesFlags {
  runs: string
  count: string
  json?: boolean
}

function wholeNumber(flag: string, text: string): number {
  const value = Number(text)
  if (!Number.isInteger(value) || value < 1) {
    throw new BenchFramesError(
      'INVALID_ARGUMENT',
      `${flag} expects a whole number >= 1, got "${text}"`
    )
  }
  return value
}

/** A 4 s, 25 fps, 3840x2160 H.264 clip of ffmpeg's test pattern. */
function makeTestClip(ffmpeg: string, path: string): void {
  const made = spawnSync(ffmpeg, [
    ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi'],
    ...['-i', 'testsrc=size=3840x2160:rate=25:duration=4'],
    ...['-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-preset', 'ultrafast', '-y', path]
  ])
  if (made.status !== 0) {
    throw new BenchFramesError(
      'BENCH_FAILED',
      `ffmpeg could not make the test clip: ${made.stderr}`
    )
  }
}

async function benchFrames(
  video: string | undefined,
  _flags: BenchFramesFlags,
  command: Command
): Promise<void> {
  // `bench` itself has a --json (the model benchmark's), which commander gives to the parent.
  const flags = command.optsWithGlobals<BenchFramesFlags>()
  const runs = wholeNumber('--runs', flags.runs)
  const count = wholeNumber('--count', flags.count)
  const ffmpeg = await findFfmpeg()
  const temp = video ? null : await mkdtemp(join(tmpdir(), 'mpp-bench-frames-'))
  try {
    const path = video ?? join(temp ?? '', 'testsrc-4k.mp4')
    if (!video) makeTestClip(ffmpeg.path, path)
    const info = await probeVideo(path)
    const indices = chooseFrameIndices(info.frameCount, count)
    let pixelBytes = 0
    const [ours, alone] = await timeRounds(runs, [
      () =>
        streamFrames(path, indices, (frame) => {
          pixelBytes = frame.data.length
        }),
      async () => {
        const args = ['-y', ...frameArgs(path, indices, devNull)]
        const run = await runFfmpeg(ffmpeg.path, args, { name: path, timeoutMs: 600_000 })
        if (run.exitCode !== 0)
          throw new BenchFramesError('BENCH_FAILED', `ffmpeg failed: ${run.stderr}`)
      }
    ])
    const result = {
      video: video ?? `generated testsrc ${info.width}x${info.height}, ${info.durationSec} s`,
      width: info.width,
      height: info.height,
      frames: indices.length,
      frameBytes: pixelBytes,
      runs,
      oursMs: median(ours),
      ffmpegAloneMs: median(alone),
      ratioToFfmpeg: medianRatio(ours, alone),
      target: TARGET_RATIO
    }
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`)
      return
    }
    const ms = (value: number): string => `${value.toFixed(0)} ms`
    const verdict = result.ratioToFfmpeg <= TARGET_RATIO ? 'within' : 'OVER'
    process.stdout.write(
      `${result.video}: ${result.frames} frames of ${result.width}x${result.height}, medians of ${runs} interleaved rounds\n` +
        `  app extraction (ffmpeg -> PPM pipe -> RGB frames): ${ms(result.oursMs)}\n` +
        `  ffmpeg alone (same frames to ${devNull}):          ${ms(result.ffmpegAloneMs)}\n` +
        `  ratio ${result.ratioToFfmpeg.toFixed(2)}x (${verdict} the ${TARGET_RATIO}x target)\n`
    )
  } finally {
    if (temp) await rm(temp, { recursive: true, force: true })
  }
}

/** Adds `frames [video]` to the `bench` command. */
export function registerBenchFrames(bench: Command): void {
  bench
    .command('frames')
    .description('Time frame extraction against ffmpeg alone (default: a generated 4K clip)')
    .argument('[video]', 'video file; without it a 4 s 3840x2160 test clip is generated')
    .option('--count <n>', 'frames to sample, as for a chat attachment', '32')
    .option('--runs <n>', 'timed rounds of both variants (medians reported)', '3')
    .option('--json', 'print the timings as JSON')
    .action(runAction(benchFrames))
}
