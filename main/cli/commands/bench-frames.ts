// `mpp bench frames [VIDEO]`: times the app's frame extraction (ffmpeg decoding the sampled frames
// to a PPM stream on its stdout, read into RGB frames here) against ffmpeg alone: the very same
// command with the null device as its output, so it decodes, selects and converts the same frames
// at the same size and only the hand-over differs. Two app paths, each against its own command: the
// frame strip (ffmpeg scales the frames to preview size; they are kept) and the model's
// preprocessing (full-size frames read into one reused memory, each consumed at once).
// Interleaved rounds; without VIDEO it generates a 4 s 4K test clip. Target: each within 1.3x.
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { devNull, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Command } from 'commander'
import { defineError } from '../../shared/errors'
import { chooseFrameIndices, findFfmpeg, probeVideo, streamFrames } from '../../media'
import type { RgbFrame } from '../../media'
import { frameArgs } from '../../media/extract-frames'
import { FFMPEG_LEADING_ARGS, runFfmpeg } from '../../media/run-ffmpeg'
import { FRAME_STRIP_DECODE_SIDE } from '../../services/thumbnails'
import { runAction } from '../run-action'
import { wholeNumberFlag } from '../whole-number-flag'
import { median, medianRatio, timeRounds } from './bench-preprocess'

const TARGET_RATIO = 1.3

const BenchFramesError = defineError('BenchFramesError', ['BENCH_FAILED'])

interface BenchFramesFlags {
  runs: string
  count: string
  json?: boolean
}

/**
 * The child's command line as run (runFfmpeg adds its leading arguments), shell-quoted; `short`
 * elides the middle of the select filter's list of frames.
 */
function commandLine(ffmpeg: string, args: readonly string[], short = false): string {
  const quote = (arg: string): string =>
    /^[\w@%+=:,./-]+$/.test(arg) ? arg : `"${arg.replaceAll(/["\\$`]/g, '\\$&')}"`
  const elide = (arg: string): string =>
    short ? arg.replace(/^(select='eq\(n,\d+\)\+)(?:eq\(n,\d+\)\+)+/, '$1…+') : arg
  return [ffmpeg, ...FFMPEG_LEADING_ARGS, ...args].map((arg) => quote(elide(arg))).join(' ')
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
  const runs = wholeNumberFlag('--runs', flags.runs)
  const count = wholeNumberFlag('--count', flags.count)
  const ffmpeg = await findFfmpeg()
  const temp = video ? null : await mkdtemp(join(tmpdir(), 'mpp-bench-frames-'))
  try {
    const path = video ?? join(temp ?? '', 'testsrc-4k.mp4')
    if (!video) makeTestClip(ffmpeg.path, path)
    const info = await probeVideo(path)
    const indices = chooseFrameIndices(info.frameCount, count)
    const stripArgs = frameArgs(path, indices, '-', FRAME_STRIP_DECODE_SIDE)
    const modelArgs = frameArgs(path, indices, '-')
    const stripAloneArgs = ['-y', ...frameArgs(path, indices, devNull, FRAME_STRIP_DECODE_SIDE)]
    const modelAloneArgs = ['-y', ...frameArgs(path, indices, devNull)]
    let stripFrame = { width: 0, height: 0 }
    let frameBytes = 0
    const alone = (args: string[]) => async (): Promise<void> => {
      const run = await runFfmpeg(ffmpeg.path, args, { name: path, timeoutMs: 600_000 })
      if (run.exitCode !== 0)
        throw new BenchFramesError('BENCH_FAILED', `ffmpeg failed: ${run.stderr}`)
    }
    const [strip, stripAlone, model, modelAlone] = await timeRounds(runs, [
      async () => {
        const kept: RgbFrame[] = []
        await streamFrames(path, indices, (frame) => kept.push(frame), {
          fitWithin: FRAME_STRIP_DECODE_SIDE
        })
        stripFrame = { width: kept[0]?.width ?? 0, height: kept[0]?.height ?? 0 }
      },
      alone(stripAloneArgs),
      () =>
        streamFrames(
          path,
          indices,
          (frame) => {
            frameBytes = frame.data.length
          },
          { reuseFrameMemory: true }
        ),
      alone(modelAloneArgs)
    ])
    const result = {
      video: video ?? `generated testsrc ${info.width}x${info.height}, ${info.durationSec} s`,
      width: info.width,
      height: info.height,
      frames: indices.length,
      frameBytes,
      stripWidth: stripFrame.width,
      stripHeight: stripFrame.height,
      runs,
      stripMs: median(strip),
      stripAloneMs: median(stripAlone),
      ratioStripToFfmpeg: medianRatio(strip, stripAlone),
      modelMs: median(model),
      modelAloneMs: median(modelAlone),
      ratioModelToFfmpeg: medianRatio(model, modelAlone),
      target: TARGET_RATIO,
      stripCommand: commandLine(ffmpeg.path, stripArgs),
      stripAloneCommand: commandLine(ffmpeg.path, stripAloneArgs),
      modelCommand: commandLine(ffmpeg.path, modelArgs),
      modelAloneCommand: commandLine(ffmpeg.path, modelAloneArgs)
    }
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`)
      return
    }
    const short = (args: string[]): string => commandLine(ffmpeg.path, args, true)
    const ms = (value: number): string => `${value.toFixed(0)} ms`
    const ratio = (value: number): string =>
      `${value.toFixed(2)}x (${value <= TARGET_RATIO ? 'within' : 'OVER'} the ${TARGET_RATIO}x target)`
    process.stdout.write(
      `${result.video}: ${result.frames} frames of ${result.width}x${result.height}, medians of ${runs} interleaved rounds\n` +
        `  frame strip (frames scaled by ffmpeg to ${result.stripWidth}x${result.stripHeight}, kept): ${ms(result.stripMs)} against ffmpeg alone ${ms(result.stripAloneMs)}: ${ratio(result.ratioStripToFfmpeg)}\n` +
        `    app:   ${short(stripArgs)}\n` +
        `    alone: ${short(stripAloneArgs)}\n` +
        `  model preprocessing (full-size frames read into one reused memory): ${ms(result.modelMs)} against ffmpeg alone ${ms(result.modelAloneMs)}: ${ratio(result.ratioModelToFfmpeg)}\n` +
        `    app:   ${short(modelArgs)}\n` +
        `    alone: ${short(modelAloneArgs)}\n` +
        `  the app reads ffmpeg's PPM output through a local socket; ffmpeg alone runs the same command writing to ${devNull}; ratios are medians of the rounds' ratios\n`
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
