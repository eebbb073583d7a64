// `mpp make-bench-model` and `mpp bench` on what it writes, end to end through the built CLI
// (out/main/cli.js): the decoder layer files are one file (same inode), the package verifies and
// answers a turn (marked timing-only), an existing --out is refused untouched, and `mpp bench`
// runs without ffmpeg and reports weight traffic from the package's real file sizes.
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ModelPackage } from '../../../main/inference/package/model-package'

const cli = join(resolve(import.meta.dirname, '../../..'), 'out/main/cli.js')
const run = promisify(execFile)

let root: string
let pkgDir: string
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mpp-bench-model-'))
  pkgDir = join(root, 'tiny-int4')
  await run(process.execPath, [
    cli,
    'make-bench-model',
    '--shape',
    'tiny',
    '--dtype',
    'int4',
    '--out',
    pkgDir
  ])
}, 120_000)
afterAll(async () => {
  if (root !== undefined) await rm(root, { recursive: true, force: true })
})

describe('mpp make-bench-model', () => {
  it('writes decoder layer 0 once and every other layer file as a hard link of it', async () => {
    const names = (await readdir(join(pkgDir, 'weights'))).filter((n) => n.startsWith('decoder-'))
    expect(names.sort()).toEqual(['decoder-000.bin', 'decoder-001.bin', 'decoder-002.bin'])
    const stats = await Promise.all(names.map((n) => stat(join(pkgDir, 'weights', n))))
    expect(new Set(stats.map((s) => s.ino)).size).toBe(1)
    expect(stats.every((s) => s.nlink === 3)).toBe(true)
  })

  it('is a demo, timing-only package whose every file matches its manifest hash', async () => {
    const pkg = await ModelPackage.open(pkgDir, { verify: 'hash' })
    expect(pkg.manifest.demo).toBe(true)
    expect(pkg.manifest.timingOnly).toBe(true)
    expect(pkg.manifest.createdBy).toContain('make-bench-model')
  })

  it('loads and answers a turn, saying that its answers mean nothing', async () => {
    const { stdout, stderr } = await run(process.execPath, [
      cli,
      'run',
      '--model',
      pkgDir,
      '--max-new-tokens',
      '4',
      '--json',
      'How fast are you?'
    ])
    const result = JSON.parse(stdout) as { ids: number[]; stats: { promptTokens: number } }
    expect(result.ids.length).toBeGreaterThan(0)
    expect(result.stats.promptTokens).toBeGreaterThan(10)
    expect(stderr).toMatch(/timing-only bench model/)
  }, 60_000)

  it('refuses an --out folder that exists and leaves it as it was', async () => {
    const taken = join(root, 'taken')
    await mkdir(taken)
    await writeFile(join(taken, 'keep.txt'), 'mine')
    const failure = run(process.execPath, [
      cli,
      'make-bench-model',
      '--shape',
      'tiny',
      '--out',
      taken
    ])
    await expect(failure).rejects.toMatchObject({
      stderr: `mpp: ${taken} already exists; choose a new --out folder\n`
    })
    expect(await readdir(taken)).toEqual(['keep.txt'])
    expect(await readFile(join(taken, 'keep.txt'), 'utf8')).toBe('mine')
  })
})

describe('mpp bench on a bench model without ffmpeg', () => {
  it('skips the video and reports decode, prefill and weight traffic per stage device', async () => {
    // No ffmpeg anywhere: PATH names no folder that has one and none is configured.
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: join(root, 'no-such-bin') }
    delete env.MPP_FFMPEG
    const { stdout } = await run(
      process.execPath,
      [
        cli,
        'bench',
        '--model',
        pkgDir,
        '--steps',
        '2',
        '--skip',
        'follow-up,image,pipelining',
        // No CUDA here: that device's figures fail alone, the others stay.
        '--compare',
        'cuda:0',
        '--json'
      ],
      { env, timeout: 300_000 }
    )
    const report = JSON.parse(stdout) as {
      model: { timingOnly: boolean }
      video: unknown
      image: unknown
      prefill: { tokens: number; tokensPerSec: number }
      decode: Record<string, { tokensPerSec: number }>
      decodeRatio2048to64: number
      stageTraffic: {
        device: string
        weightBytesPerToken: number
        weightBytesPerSec: number
        deviceBandwidthBytesPerSec: number
        fractionOfBandwidth: number
      }[]
      dispatchesPerToken: number | null
      devices: { device: string; error?: string }[]
    }
    expect(report.video).toEqual({ skipped: 'no ffmpeg' })
    expect(report.image).toEqual({ skipped: '--skip image' })
    expect(report.model.timingOnly).toBe(true)
    expect(report.devices.map((d) => d.device)).toEqual(['cpu', 'cuda:0'])
    expect(report.devices[0].error).toBeUndefined()
    expect(report.devices[1].error).toMatch(/cuda/i)
    expect(report.prefill.tokens).toBe(1024)
    expect(report.prefill.tokensPerSec).toBeGreaterThan(0)
    expect(report.decode['2048'].tokensPerSec).toBeGreaterThan(0)
    // The weights one token reads are the decoder layer files and head.bin, as they lie on disk.
    let onDisk = (await stat(join(pkgDir, 'weights', 'head.bin'))).size
    for (const name of ['decoder-000.bin', 'decoder-001.bin', 'decoder-002.bin']) {
      onDisk += (await stat(join(pkgDir, 'weights', name))).size
    }
    const [stage] = report.stageTraffic
    expect(stage.device).toBe('cpu')
    expect(stage.weightBytesPerToken).toBe(onDisk)
    expect(stage.weightBytesPerSec / (onDisk * report.decode['64'].tokensPerSec)).toBeCloseTo(1, 9)
    expect(stage.deviceBandwidthBytesPerSec).toBeGreaterThan(1e8)
    expect(stage.fractionOfBandwidth * stage.deviceBandwidthBytesPerSec).toBeCloseTo(
      stage.weightBytesPerSec,
      0
    )
    expect(report.dispatchesPerToken).toBeNull()
  }, 300_000)

  it('refuses decode contexts without 64 and 2048, naming the flag', async () => {
    const failure = run(process.execPath, [cli, 'bench', '--model', pkgDir, '--contexts', '64,512'])
    await expect(failure).rejects.toMatchObject({
      stderr: 'mpp: --contexts takes whole numbers up to 2048 including 64 and 2048, got "64,512"\n'
    })
  })
})
