// `mpp bench api` end to end on the tiny model (needs the built CLI): every figure is reported,
// and every follow-up of the interleaved conversations finds its earlier turns in the KV cache.
import { execFile } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiBenchFigures } from '../../../main/api-server/bench/api-bench'
import { makeTinyPackage, type TinyPackage } from '../engine/tiny-package'

const cli = join(resolve(import.meta.dirname, '../../..'), 'out/main/cli.js')
const run = promisify(execFile)

let tiny: TinyPackage
beforeAll(async () => {
  tiny = await makeTinyPackage()
})
afterAll(async () => {
  if (tiny !== undefined) await rm(tiny.root, { recursive: true, force: true })
})

describe('mpp bench api', () => {
  it('reports the overhead figures and a full prefix reuse hit rate', async () => {
    const { stdout } = await run(
      process.execPath,
      [cli, 'bench', 'api', '--model', tiny.pkgDir, '--requests', '3', '--json'],
      { timeout: 240_000 }
    )
    const figures = JSON.parse(stdout) as ApiBenchFigures
    for (const part of [figures.text, figures.image]) {
      expect(part.apiMs).toBeGreaterThan(0)
      expect(part.directMs).toBeGreaterThan(0)
      expect(Number.isFinite(part.cpuOverheadMs)).toBe(true)
    }
    expect(figures.apiAlone.cpuMs).toBeGreaterThan(0)
    expect(figures.image.dataUrlBytes).toBeGreaterThan(1000)
    expect(figures.prefixReuse.followUps).toBe(6)
    expect(figures.prefixReuse.hits).toBe(6)
    expect(figures.prefixReuse.cachedShare).toBeGreaterThan(0.5)
  })
})
