// `mpp run` and `mpp bench` end to end on the tiny model. Needs the built CLI (out/main/cli.js):
// `npm test` builds before the unit tests; locally run `flock /tmp/build.lock npx electron-vite
// build` first.
import { execFile } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTinyPackage, type TinyPackage } from './tiny-package'

const repoRoot = resolve(import.meta.dirname, '../../..')
const cli = join(repoRoot, 'out/main/cli.js')
const run = promisify(execFile)
const image = join(repoRoot, '..', 'shared', 'fixtures', 'images', '004090033.jpg')

let tiny: TinyPackage
beforeAll(async () => {
  tiny = await makeTinyPackage()
})
afterAll(async () => {
  if (tiny !== undefined) await rm(tiny.root, { recursive: true, force: true })
})

describe('mpp run', () => {
  it('prints one JSON object with ids, text and stats', async () => {
    const { stdout } = await run(process.execPath, [
      cli,
      'run',
      '--model',
      tiny.pkgDir,
      '--image',
      image,
      '--max-new-tokens',
      '5',
      '--json',
      'What is this?'
    ])
    const result = JSON.parse(stdout) as {
      ids: number[]
      text: string
      stats: {
        generatedTokens: number
        stopReason: string
        promptTokens: number
        msToFirstToken: number
      }
    }
    expect(result.ids.length).toBe(result.stats.generatedTokens)
    expect(result.ids.length).toBeLessThanOrEqual(5)
    // system 10 + "\n<|im_start|>user\n" 3 + <Img> 3 + 32 slots + </Img> 3 + query + 5 closing
    expect(result.stats.promptTokens).toBeGreaterThan(56)
    expect(['stop-token', 'max-new-tokens']).toContain(result.stats.stopReason)
    expect(typeof result.text).toBe('string')
  })

  it('streams the same answer as --json reports', async () => {
    const flags = ['run', '--model', tiny.pkgDir, '--max-new-tokens', '6', 'Hello']
    const streamed = await run(process.execPath, [cli, ...flags])
    const json = JSON.parse((await run(process.execPath, [cli, ...flags, '--json'])).stdout) as {
      text: string
    }
    expect(streamed.stdout.trim()).toBe(json.text)
  })

  it('fails with a readable message for a bad option', async () => {
    await expect(
      run(process.execPath, [cli, 'run', '--model', tiny.pkgDir, '--top-p', '2', 'Hi'])
    ).rejects.toMatchObject({ stderr: 'mpp: top_p must be a number from 0.1 to 1 (got 2)\n' })
  })
})

describe('mpp bench', () => {
  it('reports every figure in one JSON object', async () => {
    const { stdout } = await run(
      process.execPath,
      [cli, 'bench', '--model', tiny.pkgDir, '--steps', '3', '--json'],
      {
        timeout: 240_000
      }
    )
    const report = JSON.parse(stdout) as Record<string, Record<string, unknown>>
    for (const context of ['64', '512', '2048']) {
      const d = report.decode[context] as Record<string, number>
      expect(d.tokensPerSec).toBeGreaterThan(0)
      expect(d.bareMsPerToken).toBeGreaterThan(0)
    }
    expect(report.bandwidth.memoryCopyBytesPerSec).toBeGreaterThan(1e8)
    expect(report.followUp.historyTokens).toBeGreaterThan(900)
    expect(report.video.images).toBe(32)
    expect(report.image.imageEncodeMs).toBeGreaterThan(0)
    // The whole bench, with prefill and both bandwidth measures, on a shared machine.
  }, 240_000)
})
