// `mpp plan` and `mpp devices` through the built CLI (out/main/cli.js; `npm test` builds first)
// on a tiny package: the JSON plan, an explicit map, and the refusal that names the device.
import { execFile } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTinyPackage, type TinyPackage } from '../workers/tiny-package'

const cli = resolve(import.meta.dirname, '../../../out/main/cli.js')
const run = promisify(execFile)

async function mpp(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], {
      env: { ...process.env, VK_ICD_FILENAMES: '/nonexistent' }
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

let tiny: TinyPackage

beforeAll(async () => {
  tiny = await makeTinyPackage(2, 17)
}, 120_000)
afterAll(async () => tiny?.remove())

describe('mpp plan', () => {
  it('prints the stages and per-device bytes as JSON', async () => {
    const { code, stdout } = await mpp([
      'plan',
      '--model',
      tiny.dir,
      '--devices',
      'cpu',
      '--context',
      '64',
      '--json'
    ])
    expect(code).toBe(0)
    const plan = JSON.parse(stdout) as {
      stages: unknown[]
      context: number
      devices: { device: string; kvBytes: number; weightsBytes: number }[]
    }
    expect(plan.context).toBe(64)
    expect(plan.stages).toEqual([{ device: 'cpu', layers: [0, 2], isLast: true }])
    // KV of the tiny decoder at 64 tokens: 2 layers x 2 (K, V) x 64 x 4 heads x 16 x 4 B.
    expect(plan.devices[0].kvBytes).toBe(2 * 2 * 64 * 4 * 16 * 4)
    expect(plan.devices[0].weightsBytes).toBeGreaterThan(0)
  }, 60_000)

  it('takes an explicit map file', async () => {
    const map = join(tiny.dir, '..', 'map.json')
    await writeFile(
      map,
      JSON.stringify({
        stages: [
          { layers: [0, 1], device: 'cpu' },
          { layers: [1, 2], device: 'cpu' }
        ],
        vision: 'cpu'
      })
    )
    const { code, stdout } = await mpp(['plan', '--model', tiny.dir, '--map', map, '--json'])
    expect(code).toBe(0)
    expect(
      (JSON.parse(stdout) as { stages: { layers: number[] }[] }).stages.map((s) => s.layers)
    ).toEqual([
      [0, 1],
      [1, 2]
    ])
  }, 60_000)

  it('says which device runs short before loading anything', async () => {
    // 10^8 tokens: KV = 2 layers x 2 x 10^8 x 4 heads x 16 x 4 B = 102.4 GB, beyond this machine.
    const { code, stderr } = await mpp([
      'plan',
      '--model',
      tiny.dir,
      '--devices',
      'cpu',
      '--context',
      '100000000',
      '--json'
    ])
    expect(code).toBe(1)
    expect(stderr).toMatch(/^mpp: the model does not fit: cpu runs short by [\d.]+ [KMGT]iB/)
  }, 60_000)

  it('refuses a device that cannot run here, with the reason', async () => {
    const { code, stderr } = await mpp([
      'plan',
      '--model',
      tiny.dir,
      '--devices',
      'webgpu,cpu',
      '--json'
    ])
    expect(code).toBe(1)
    expect(stderr).toMatch(
      /webgpu cannot be used: the Vulkan driver file \/nonexistent does not exist/
    )
  }, 60_000)
})

describe('mpp devices', () => {
  it('lists the CPU as usable and every other device with a verdict', async () => {
    const { code, stdout } = await mpp(['devices', '--json'])
    expect(code).toBe(0)
    const listing = JSON.parse(stdout) as {
      devices: { id: string; usable: boolean; reason?: string }[]
      defaultOrder: string[]
    }
    expect(listing.devices[0]).toMatchObject({ id: 'cpu', usable: true })
    for (const device of listing.devices) if (!device.usable) expect(device.reason).toBeTruthy()
    expect(listing.defaultOrder.at(-1)).toBe('cpu')
  }, 60_000)
})
