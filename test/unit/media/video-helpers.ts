// Test videos made with the real Debian ffmpeg. Frame n of the lossless (ffv1, RGB) clip is a
// solid colour computed from n, so extracted frames can be checked exactly.
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export function ffmpeg(...args: string[]): void {
  const result = spawnSync(
    'ffmpeg',
    ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', ...args],
    {
      encoding: 'utf8'
    }
  )
  if (result.status !== 0) throw new Error(`ffmpeg ${args.join(' ')} failed: ${result.stderr}`)
}

/** The colour of frame n in the clip from makeCountingVideo. */
export function frameColour(n: number): [number, number, number] {
  return [(2 * n) % 256, 255 - ((2 * n) % 256), (7 * n) % 256]
}

export function makeCountingVideo(file: string, frames: number, size = '64x48', rate = 25): void {
  const colour = `geq=r='mod(2*N\\,256)':g='255-mod(2*N\\,256)':b='mod(7*N\\,256)'`
  ffmpeg(
    '-f',
    'lavfi',
    '-i',
    `color=c=black:s=${size}:r=${rate},format=gbrp,${colour}`,
    '-frames:v',
    String(frames),
    '-c:v',
    'ffv1',
    file
  )
}

/** Processes whose command line mentions `text` (to check that no ffmpeg is left running). */
export function processesMentioning(text: string): number[] {
  const found: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue
    try {
      const cmdline = readFileSync(join('/proc', entry, 'cmdline'), 'utf8')
      if (cmdline.includes(text)) found.push(Number(entry))
    } catch {
      // The process exited while the list was read.
    }
  }
  return found
}
