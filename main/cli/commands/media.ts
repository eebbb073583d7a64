// `mpp frames` and `mpp preprocess`: the video frame choice and the image preprocessing of the
// engine from the command line, for checking them against the seed's Python.
import { writeFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { defineError } from '../../shared/errors'
import { IMAGE_SIZE, preprocessImage } from '../../inference/preprocess'
import { chooseFrameIndices, DEFAULT_FRAME_COUNT, probeVideo } from '../../media'
import { runAction } from '../run-action'
import { wholeNumberFlag } from '../whole-number-flag'

const MediaCommandError = defineError('MediaCommandError', ['WRITE_FAILED'])

/** Little-endian float32 bytes whatever the machine's byte order. */
export function float32LittleEndian(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 4)
  const view = new DataView(bytes.buffer)
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true)
  return bytes
}

interface FramesFlags {
  count?: string
  json?: boolean
  ffmpeg?: string
}

async function frames(video: string, flags: FramesFlags): Promise<void> {
  const count =
    flags.count === undefined ? DEFAULT_FRAME_COUNT : wholeNumberFlag('--count', flags.count)
  const info = await probeVideo(video, { ffmpegPath: flags.ffmpeg })
  const indices = chooseFrameIndices(info.frameCount, count)
  const { frameCount, fps, durationSec } = info
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ frameCount, fps, durationSec, indices })}\n`)
    return
  }
  process.stdout.write(
    `${frameCount} frames, ${fps} fps, ${durationSec} s, ${info.width}x${info.height}\n` +
      `frames used (${indices.length}): ${indices.join(' ')}\n`
  )
}

async function preprocess(image: string, flags: { out: string }): Promise<void> {
  const tensor = await preprocessImage(image)
  try {
    await writeFile(flags.out, float32LittleEndian(tensor))
  } catch (error) {
    throw new MediaCommandError('WRITE_FAILED', `cannot write ${flags.out}: ${String(error)}`, {
      cause: error
    })
  }
  process.stdout.write(
    `wrote ${flags.out}: float32 little-endian [3, ${IMAGE_SIZE}, ${IMAGE_SIZE}]\n`
  )
}

export function register(program: Command): void {
  program
    .command('frames')
    .description("List a video's frame count, rate, duration and the frames the model would see")
    .argument('<video>', 'video file')
    .option('--count <n>', `most frames to use (default ${DEFAULT_FRAME_COUNT})`)
    .option('--json', 'print { frameCount, fps, durationSec, indices } as JSON')
    .option('--ffmpeg <path>', 'ffmpeg executable (default: MPP_FFMPEG, ffmpeg-static, PATH)')
    .action(runAction(frames))
  program
    .command('preprocess')
    .description('Decode and preprocess an image into the vision encoder input tensor')
    .argument('<image>', 'image file (JPEG, PNG, WebP, GIF, AVIF, TIFF)')
    .requiredOption('--out <file>', 'where to write the [3, 224, 224] float32 tensor')
    .action(runAction(preprocess))
}
