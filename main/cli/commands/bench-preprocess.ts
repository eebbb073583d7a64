// `mpp bench preprocess IMAGE`: times this project's exact Pillow-style preprocessing (decode,
// antialiased bicubic to 224x224) against sharp's own cubic resize of the same file, in one run.
import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import sharp from 'sharp'
import { decodeRgb, IMAGE_SIZE, resizeBicubic } from '../../inference/preprocess'
import { MppError } from '../../inference/errors'
import { runAction } from '../run-action'

class BenchArgumentError extends MppError {
  constructor(
    override readonly code: 'invalid-argument',
    message: string
  ) {
    super(code, message)
  }
}

interface BenchFlags {
  runs: string
  json?: boolean
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

async function timeIt(runs: number, work: () => Promise<unknown>): Promise<number> {
  await work()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    await work()
    times.push(performance.now() - started)
  }
  return median(times)
}

async function benchPreprocess(image: string, flags: BenchFlags): Promise<void> {
  const runs = Number(flags.runs)
  if (!Number.isInteger(runs) || runs < 1) {
    throw new BenchArgumentError(
      'invalid-argument',
      `--runs expects a whole number >= 1, got "${flags.runs}"`
    )
  }
  // Decoding the path first turns a missing or broken file into its typed MediaError.
  await decodeRgb(image)
  const bytes = await readFile(image)
  const size = IMAGE_SIZE
  const ours = await timeIt(runs, async () => {
    const rgb = await decodeRgb(bytes, { name: image })
    return resizeBicubic(rgb.data, rgb.width, rgb.height, size, size)
  })
  const decodeOnly = await timeIt(runs, () => decodeRgb(bytes, { name: image }))
  const resize = { width: size, height: size, fit: 'fill', kernel: 'cubic' } as const
  // sharp's default uses JPEG shrink-on-load (DCT scaling), which changes the pixels; the
  // second figure makes it decode at full size first, as an exact port must.
  const sharpDefault = await timeIt(runs, () => sharp(bytes).resize(resize).raw().toBuffer())
  const sharpFullDecode = await timeIt(runs, async () => {
    const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true })
    const raw = { width: info.width, height: info.height, channels: info.channels }
    return sharp(data, { raw }).resize(resize).raw().toBuffer()
  })
  const metadata = await sharp(bytes).metadata()
  const result = {
    image,
    width: metadata.width,
    height: metadata.height,
    runs,
    oursMs: ours,
    oursDecodeMs: decodeOnly,
    oursResizeMs: ours - decodeOnly,
    sharpMs: sharpDefault,
    sharpFullDecodeMs: sharpFullDecode,
    ratioToSharp: ours / sharpDefault,
    ratioToSharpFullDecode: ours / sharpFullDecode
  }
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`)
    return
  }
  const ms = (value: number): string => `${value.toFixed(1)} ms`
  process.stdout.write(
    `${image}: ${result.width}x${result.height}, median of ${runs} runs\n` +
      `  ours (decode + exact bicubic):   ${ms(ours)} (decode ${ms(decodeOnly)}, resize ${ms(ours - decodeOnly)})\n` +
      `  sharp cubic (shrink-on-load):    ${ms(sharpDefault)}  -> ours is ${result.ratioToSharp.toFixed(2)}x\n` +
      `  sharp cubic (full-size decode):  ${ms(sharpFullDecode)}  -> ours is ${result.ratioToSharpFullDecode.toFixed(2)}x\n`
  )
}

/** Adds `preprocess <image>` to the `bench` command. */
export function registerBenchPreprocess(bench: Command): void {
  bench
    .command('preprocess')
    .description('Time the exact image preprocessing against sharp on one image')
    .argument('<image>', 'image file, e.g. a 12-megapixel JPEG')
    .option('--runs <n>', 'timed runs per variant (median reported)', '5')
    .option('--json', 'print the timings as JSON')
    .action(runAction(benchPreprocess))
}
