// `mpp bench preprocess IMAGE`: times this project's exact Pillow-style preprocessing (decode,
// antialiased bicubic to 224x224) against sharp's own cubic resize of the same file, in one run.
import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import sharp from 'sharp'
import { decodeRgb, IMAGE_SIZE, resizeBicubic } from '../../inference/preprocess'
import { runAction } from '../run-action'
import { wholeNumberFlag } from '../whole-number-flag'

interface BenchFlags {
  runs: string
  json?: boolean
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

export type Variant = () => Promise<unknown>

// Runs the variants in turn, round after round, so that each round's figures share the load of
// the moment (the machine may be busy); returns each variant's times and the rounds' ratios.
export async function timeRounds(runs: number, variants: Variant[]): Promise<number[][]> {
  for (const work of variants) await work()
  const times = variants.map((): number[] => [])
  for (let round = 0; round < runs; round++) {
    for (const [i, work] of variants.entries()) {
      const started = performance.now()
      await work()
      times[i].push(performance.now() - started)
    }
  }
  return times
}

export function medianRatio(numerator: number[], denominator: number[]): number {
  return median(numerator.map((value, i) => value / denominator[i]))
}

async function benchPreprocess(image: string, _flags: BenchFlags, command: Command): Promise<void> {
  // `bench` itself has a --json (the model benchmark's), which commander gives to the parent.
  const flags = command.optsWithGlobals<BenchFlags>()
  const runs = wholeNumberFlag('--runs', flags.runs)
  // Decoding the path first turns a missing or broken file into its typed MediaError.
  await decodeRgb(image)
  const bytes = await readFile(image)
  const size = IMAGE_SIZE
  const resize = { width: size, height: size, fit: 'fill', kernel: 'cubic' } as const
  const [ours, decodeOnly, sharpDefault, sharpFullDecode] = await timeRounds(runs, [
    async () => {
      const rgb = await decodeRgb(bytes, { name: image })
      return resizeBicubic(rgb.data, rgb.width, rgb.height, size, size)
    },
    () => decodeRgb(bytes, { name: image }),
    // sharp's default uses JPEG shrink-on-load (DCT scaling), which changes the pixels; the
    // next variant makes it decode at full size first, as an exact port must.
    () => sharp(bytes).resize(resize).raw().toBuffer(),
    async () => {
      const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true })
      const raw = { width: info.width, height: info.height, channels: info.channels }
      return sharp(data, { raw }).resize(resize).raw().toBuffer()
    }
  ])
  const metadata = await sharp(bytes).metadata()
  const result = {
    image,
    width: metadata.width,
    height: metadata.height,
    runs,
    oursMs: median(ours),
    oursDecodeMs: median(decodeOnly),
    sharpMs: median(sharpDefault),
    sharpFullDecodeMs: median(sharpFullDecode),
    ratioToSharp: medianRatio(ours, sharpDefault),
    // The floor for any exact port: Pillow decodes at full size, so an exact port must too.
    ratioDecodeToSharp: medianRatio(decodeOnly, sharpDefault),
    ratioToSharpFullDecode: medianRatio(ours, sharpFullDecode)
  }
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`)
    return
  }
  const ms = (value: number): string => `${value.toFixed(1)} ms`
  process.stdout.write(
    `${image}: ${result.width}x${result.height}, medians of ${runs} interleaved rounds\n` +
      `  ours (decode + exact bicubic):   ${ms(result.oursMs)}\n` +
      `  full-size decode alone:          ${ms(result.oursDecodeMs)}  (${result.ratioDecodeToSharp.toFixed(2)}x sharp's whole resize)\n` +
      `  sharp cubic (shrink-on-load):    ${ms(result.sharpMs)}  -> ours is ${result.ratioToSharp.toFixed(2)}x\n` +
      `  sharp cubic (full-size decode):  ${ms(result.sharpFullDecodeMs)}  -> ours is ${result.ratioToSharpFullDecode.toFixed(2)}x\n`
  )
}

/** Adds `preprocess <image>` to the `bench` command. */
export function registerBenchPreprocess(bench: Command): void {
  bench
    .command('preprocess')
    .description('Time the exact image preprocessing against sharp on one image')
    .argument('<image>', 'image file, e.g. a 12-megapixel JPEG')
    .option('--runs <n>', 'timed rounds of all variants (medians reported)', '5')
    .option('--json', 'print the timings as JSON')
    .action(runAction(benchPreprocess))
}
