// A weight tensor larger than a device's largest buffer (a WebGPU adapter's maxBufferSize) is
// refused at planning time, naming the tensor and the limit: in the planner with a fake limit,
// and through `mpp plan` (out/main/cli.js) on SwiftShader's real 1 GiB limit. The tiny package's
// manifest is crafted so that one named tensor of decoder layer 1 is too big; `mpp plan` rows
// say where each memory figure and buffer limit came from.
import { execFile } from 'node:child_process'
import { cp, readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SWIFTSHADER_ICD } from '../../../main/inference/devices/webgpu-env'
import { MANIFEST_FILE, type Manifest } from '../../../main/inference/package/manifest'
import { planPlacement } from '../../../main/inference/placement/planner'
import { modelSizesFromManifest } from '../../../main/inference/placement/sizes'
import { makeTinyPackage, type TinyPackage } from '../workers/tiny-package'

const cli = resolve(import.meta.dirname, '../../../out/main/cli.js')
const run = promisify(execFile)
const GIB = 1024 ** 3
const MIB = 1024 ** 2
const BIG = 'h.1.mlp.w1.weight'

let tiny: TinyPackage
let manifest: Manifest

/** The tiny package with tensor BIG of decoder layer 1 claiming `bytes` (the plan reads sizes only). */
async function craftedPackage(bytes: number): Promise<{ dir: string; manifest: Manifest }> {
  const dir = join(tiny.dir, '..', `crafted-${bytes}`)
  await cp(tiny.dir, dir, { recursive: true })
  const crafted = structuredClone(manifest)
  expect(crafted.tensors[BIG]).toBeDefined()
  crafted.tensors[BIG] = { ...crafted.tensors[BIG], bytes }
  await writeFile(join(dir, MANIFEST_FILE), JSON.stringify(crafted))
  return { dir, manifest: crafted }
}

async function mpp(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], {
      env: { ...process.env, VK_ICD_FILENAMES: SWIFTSHADER_ICD }
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

beforeAll(async () => {
  tiny = await makeTinyPackage(2, 17)
  manifest = JSON.parse(await readFile(join(tiny.dir, MANIFEST_FILE), 'utf8')) as Manifest
}, 120_000)
afterAll(async () => tiny?.remove())

describe('buffer limits in the planner', () => {
  const budgets = [
    { device: { kind: 'cpu', index: 0 }, budgetBytes: 8 * GIB },
    {
      device: { kind: 'webgpu', index: 0 },
      budgetBytes: 8 * GIB,
      bufferLimit: { bytes: MIB, source: 'a test limit' }
    }
  ]

  it('refuses a layer whose tensor outgrows the adapter, naming both', async () => {
    expect(manifest.tensors[BIG].file).toBe('weights/decoder-001.bin')
    const { manifest: crafted } = await craftedPackage(MIB + 1)
    const sizes = modelSizesFromManifest(crafted)
    expect(() =>
      planPlacement(sizes, budgets, { devices: ['cpu', 'webgpu'], split: [1, 1], context: 64 })
    ).toThrow(
      `decoder layer 1 cannot go on webgpu: its tensor ${BIG} takes 1.00 MiB (1048577 bytes), ` +
        "more than the adapter's largest buffer (maxBufferSize 1.00 MiB, 1048576 bytes, from a test limit)"
    )
    // Layer 1 on the CPU (no buffer limit) and layer 0 on the adapter: accepted.
    const plan = planPlacement(sizes, budgets, {
      devices: ['webgpu', 'cpu'],
      split: [1, 1],
      context: 64,
      vision: 'cpu'
    })
    expect(plan.stages.map((stage) => stage.device)).toEqual(['webgpu', 'cpu'])
    expect(plan.devices.find((d) => d.device === 'webgpu')?.bufferLimit).toEqual({
      bytes: MIB,
      source: 'a test limit'
    })
  })

  it('accepts a tensor of exactly the limit, and checks the head on the last device', async () => {
    const limit = 64 * MIB
    const roomy = budgets.map((budget) =>
      budget.bufferLimit
        ? { ...budget, bufferLimit: { bytes: limit, source: 'a test limit' } }
        : budget
    )
    const { manifest: crafted } = await craftedPackage(limit)
    const sizes = modelSizesFromManifest(crafted)
    const request = { devices: ['cpu', 'webgpu'], split: [1, 1], context: 64, vision: 'cpu' }
    const plan = planPlacement(sizes, roomy, request)
    expect(plan.stages[1]).toMatchObject({ device: 'webgpu', layers: [1, 2], isLast: true })
    // The package as converted, under a 1 MiB limit: its layers fit, but not lm_head (151851
    // token rows x 64 x 4 B = 38873856 B) on the last stage's device.
    expect(() => planPlacement(modelSizesFromManifest(manifest), budgets, request)).toThrow(
      'the head (ln_f + lm_head) cannot go on webgpu: its tensor lm_head.weight takes 37.07 MiB ' +
        '(38873856 bytes)'
    )
  })
})

describe('mpp plan on SwiftShader', () => {
  it("refuses a tensor over SwiftShader's 1 GiB maxBufferSize", async () => {
    const { dir } = await craftedPackage(GIB + 1)
    const { code, stderr } = await mpp([
      'plan',
      '--model',
      dir,
      '--devices',
      'cpu,webgpu',
      '--split',
      '1,1',
      '--context',
      '64'
    ])
    expect(code).toBe(1)
    expect(stderr).toContain(
      `decoder layer 1 cannot go on webgpu: its tensor ${BIG} takes 1.00 GiB (1073741825 bytes), ` +
        "more than the adapter's largest buffer (maxBufferSize 1.00 GiB, 1073741824 bytes, " +
        'from adapter limits: '
    )
  }, 120_000)

  it('says where each memory figure and buffer limit came from', async () => {
    const { code, stdout } = await mpp([
      'plan',
      '--model',
      tiny.dir,
      '--devices',
      'webgpu,cpu',
      '--split',
      '1,1',
      '--context',
      '64'
    ])
    expect(code).toBe(0)
    const rows = stdout.split('\n')
    const webgpu = rows.find((row) => row.startsWith('webgpu '))
    expect(webgpu).toMatch(
      /\(memory from system RAM\); largest buffer 1\.00 GiB \(adapter limits: (SwiftShader|vulkaninfo)\)$/
    )
    expect(rows.find((row) => row.startsWith('cpu '))).toMatch(/\(memory from system RAM \(OS\)\)$/)
  }, 120_000)
})
