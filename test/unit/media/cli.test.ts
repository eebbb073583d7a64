// `mpp frames` and `mpp preprocess` end to end. Needs the built CLI (out/main/cli.js): `npm test`
// builds before the unit tests; locally run `flock /tmp/build.lock npx electron-vite build` first.
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ffmpeg, makeCountingVideo } from './video-helpers'

const repoRoot = resolve(import.meta.dirname, '../../..')
const cli = join(repoRoot, 'out/main/cli.js')
const sharedFixtures = resolve(repoRoot, '../shared/fixtures')
const dir = mkdtempSync(join(tmpdir(), 'mpp-media-cli-'))

interface CliResult {
  code: number
  stdout: string
  stderr: string
}

function mppIn(cwd: string | undefined, ...args: string[]): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { encoding: 'utf8', cwd },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        done({ code, stdout, stderr })
      }
    )
  })
}

const mpp = (...args: string[]): Promise<CliResult> => mppIn(undefined, ...args)

beforeAll(() => {
  makeCountingVideo(join(dir, 'clip.mkv'), 100)
  ffmpeg('-f', 'lavfi', '-i', 'sine=duration=1', join(dir, 'song.m4a'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('mpp frames', () => {
  it('--json prints the probe and the chosen frame indices', async () => {
    const result = await mpp('frames', join(dir, 'clip.mkv'), '--count', '10', '--json')
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual({
      frameCount: 100,
      fps: 25,
      durationSec: 4,
      indices: [0, 10, 20, 30, 40, 50, 60, 70, 80, 90]
    })
  })

  it('an audio-only file fails with a message on stderr and exit code 1', async () => {
    const result = await mpp('frames', join(dir, 'song.m4a'), '--json')
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe('mpp: song.m4a has no video stream\n')
  })

  it('reads a file whose name looks like an ffmpeg protocol as that file, never the protocol', async () => {
    // `concat:a.ts|a.ts` is a legal file name; ffmpeg would otherwise read a.ts twice over.
    const folder = join(dir, 'protocol-names')
    mkdirSync(folder)
    const mpegTs = (frames: number, file: string): void =>
      ffmpeg(
        '-f',
        'lavfi',
        '-i',
        'testsrc=size=64x48:rate=25',
        '-frames:v',
        String(frames),
        '-c:v',
        'mpeg2video',
        '-f',
        'mpegts',
        join(folder, file)
      )
    mpegTs(40, 'a.ts')
    mpegTs(25, 'concat:a.ts|a.ts')
    const result = await mppIn(folder, 'frames', 'concat:a.ts|a.ts', '--count', '5', '--json')
    expect(result.stderr).toBe('')
    expect(JSON.parse(result.stdout)).toMatchObject({ frameCount: 25 })
  })

  it('a bad --count is refused', async () => {
    const result = await mpp('frames', join(dir, 'clip.mkv'), '--count', 'many')
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('--count expects a whole number')
  })
})

describe('mpp preprocess', () => {
  it('writes the tensor as little-endian float32 matching the Pillow fixture', async () => {
    const out = join(dir, 'tensor.f32')
    const image = join(sharedFixtures, 'images/004090033.jpg')
    const result = await mpp('preprocess', image, '--out', out)
    expect(result.code).toBe(0)
    const ours = readFileSync(out)
    const pillow = readFileSync(join(sharedFixtures, 'preprocess/004090033.jpg.f32'))
    expect(ours.length).toBe(3 * 224 * 224 * 4)
    let worst = 0
    for (let i = 0; i < ours.length; i += 4) {
      worst = Math.max(worst, Math.abs(ours.readFloatLE(i) - pillow.readFloatLE(i)))
    }
    expect(worst).toBeLessThan(1e-5)
  })

  it('a text file named .jpg fails with a message on stderr and exit code 1', async () => {
    const fake = join(dir, 'photo.jpg')
    writeFileSync(fake, 'not a photo\n')
    const result = await mpp('preprocess', fake, '--out', join(dir, 'never.f32'))
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('mpp: photo.jpg is not a readable image: unknown format\n')
  })
})

describe('mpp bench preprocess', () => {
  it('--json reports each variant and the ratios between them', async () => {
    const image = join(sharedFixtures, 'images/004090033.jpg')
    const result = await mpp('bench', 'preprocess', image, '--runs', '1', '--json')
    expect(result.code).toBe(0)
    const report = JSON.parse(result.stdout) as Record<string, number | string>
    const ms = (key: string): number => Number(report[key])
    for (const key of ['oursMs', 'oursDecodeMs', 'sharpMs', 'sharpFullDecodeMs']) {
      expect(ms(key), key).toBeGreaterThan(0)
    }
    // With one round each ratio is the quotient of that round's two times.
    expect(ms('ratioToSharp')).toBeCloseTo(ms('oursMs') / ms('sharpMs'), 6)
    expect(ms('ratioDecodeToSharp')).toBeCloseTo(ms('oursDecodeMs') / ms('sharpMs'), 6)
    expect(ms('ratioToSharpFullDecode')).toBeCloseTo(ms('oursMs') / ms('sharpFullDecodeMs'), 6)
  })

  it('a file that is not an image fails before any timing', async () => {
    const fake = join(dir, 'bench.jpg')
    writeFileSync(fake, 'not a photo\n')
    const result = await mpp('bench', 'preprocess', fake, '--json')
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe('mpp: bench.jpg is not a readable image: unknown format\n')
  })
})

describe('mpp bench frames', () => {
  it('--json times the strip and the model path, each against its own ffmpeg command writing to the null device', async () => {
    const clip = join(dir, 'clip.mkv')
    const result = await mpp('bench', 'frames', clip, '--runs', '1', '--json')
    expect(result.code).toBe(0)
    const report = JSON.parse(result.stdout) as Record<string, number | string>
    const ms = (key: string): number => Number(report[key])
    // The clip is 64x48: the strip's 192 px box does not enlarge it; the model reads full frames.
    expect([
      report.frames,
      report.width,
      report.height,
      report.frameBytes,
      report.stripWidth,
      report.stripHeight
    ]).toEqual([32, 64, 48, 64 * 48 * 3, 64, 48])
    // With one round each ratio is the quotient of that round's two times.
    expect(ms('ratioStripToFfmpeg')).toBeCloseTo(ms('stripMs') / ms('stripAloneMs'), 6)
    expect(ms('ratioModelToFfmpeg')).toBeCloseTo(ms('modelMs') / ms('modelAloneMs'), 6)
    // A fair baseline: the app's command, output and -y aside, word for word.
    const model = String(report.modelCommand)
    expect(model).toMatch(/ -i file:\S+clip\.mkv .*"select='eq\(n,0\)\+eq\(n,3\)\+.*'" .* -$/)
    const strip = String(report.stripCommand)
    expect(strip).toContain(
      ",scale=w='min(192,iw)':h='min(192,ih)':force_original_aspect_ratio=decrease"
    )
    for (const [app, alone] of [
      [model, report.modelAloneCommand],
      [strip, report.stripAloneCommand]
    ]) {
      expect(
        String(alone)
          .replace(' -y ', ' ')
          .replace(/ \/dev\/null$/, ' -')
      ).toBe(app)
    }
  })
})

describe('whole-number flags of the media commands and benchmarks', () => {
  // One rule for every such flag: digits only. "1e1" and " 2" are numbers to JavaScript's Number()
  // but not what a person means by a count of runs.
  it.each([
    ['bench', 'preprocess', 'images/004090033.jpg', '--runs'],
    ['bench', 'frames', 'clip.mkv', '--runs'],
    ['bench', 'frames', 'clip.mkv', '--count'],
    ['frames', 'clip.mkv', '--count']
  ])('mpp %s %s … %s refuses 1e1, 0 and 2.5 with the same sentence', async (...args) => {
    const flag = args.at(-1) ?? ''
    const file = args.at(-2) ?? ''
    const path = file.startsWith('images/') ? join(sharedFixtures, file) : join(dir, file)
    const command = args.slice(0, -2)
    for (const value of ['1e1', '0', '2.5']) {
      const result = await mpp(...command, path, flag, value, '--json')
      expect([result.code, result.stdout, result.stderr]).toEqual([
        1,
        '',
        `mpp: ${flag} expects a whole number >= 1, got "${value}"\n`
      ])
    }
  })

  it('mpp bench stage-processes refuses --hidden 1e1 and --steps 1 before measuring', async () => {
    for (const [flag, value, min] of [
      ['--hidden', '1e1', 1],
      ['--steps', '1', 2]
    ] as const) {
      const result = await mpp('bench', 'stage-processes', flag, value, '--json')
      expect([result.code, result.stdout, result.stderr]).toEqual([
        1,
        '',
        `mpp: ${flag} expects a whole number >= ${min}, got "${value}"\n`
      ])
    }
  })
})
