// WebGPU adapter discovery and pinning, from injected environments, driver folders and nvidia-smi
// answers: one adapter per Vulkan driver file listed, pinned by that file; NVIDIA's ICD for the
// first card; later cards of one driver, and missing driver files, refused with the reason.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NvidiaGpu } from '../../../main/inference/devices/gpu-info'
import { discoverWebGpuAdapters } from '../../../main/inference/devices/webgpu-adapters'

const GIB = 1024 ** 3
const cards: NvidiaGpu[] = [
  { index: 0, name: 'NVIDIA H200', totalBytes: 140 * GIB, freeBytes: 139 * GIB },
  { index: 1, name: 'NVIDIA H200', totalBytes: 140 * GIB, freeBytes: 100 * GIB }
]
let folder: string
let swiftshader: string
let nvidia: string

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'mpp-icd-'))
  swiftshader = join(folder, 'vk_swiftshader_icd.json')
  nvidia = join(folder, 'nvidia_icd.json')
  await writeFile(swiftshader, '{}')
  await writeFile(nvidia, '{}')
})
afterAll(async () => rm(folder, { recursive: true, force: true }))

const linux = { platform: 'linux' as const }

describe('WebGPU adapters', () => {
  it('makes each listed Vulkan driver file one adapter, pinned by that file', async () => {
    const adapters = await discoverWebGpuAdapters({
      facts: linux,
      env: { VK_ICD_FILENAMES: `${swiftshader}:${nvidia}` },
      nvidiaGpus: async () => cards
    })
    expect(adapters.map((a) => [a.index, a.software, a.env, a.unpinnable])).toEqual([
      [0, true, { VK_DRIVER_FILES: swiftshader, VK_ICD_FILENAMES: swiftshader }, undefined],
      [1, false, { VK_DRIVER_FILES: nvidia, VK_ICD_FILENAMES: nvidia }, undefined]
    ])
    expect(adapters[1].name).toBe('NVIDIA H200')
    expect(adapters[1].nvidia?.freeBytes).toBe(139 * GIB)
    expect(adapters[0].pinnedBy).toBe(`VK_DRIVER_FILES=${swiftshader}`)
  })

  it("names each software driver by its file: SwiftShader, or Mesa's lavapipe", async () => {
    const lavapipe = join(folder, 'lvp_icd.x86_64.json')
    await writeFile(lavapipe, '{}')
    const adapters = await discoverWebGpuAdapters({
      facts: linux,
      env: { VK_ICD_FILENAMES: `${swiftshader}:${lavapipe}` },
      nvidiaGpus: async () => []
    })
    expect(adapters.map((a) => [a.name, a.software])).toEqual([
      [`SwiftShader (software Vulkan, ${swiftshader})`, true],
      [`lavapipe (Mesa) (software Vulkan, ${lavapipe})`, true]
    ])
  })

  it('refuses a listed driver file that does not exist', async () => {
    const missing = join(folder, 'gone_icd.json')
    const [adapter] = await discoverWebGpuAdapters({
      facts: linux,
      env: { VK_DRIVER_FILES: missing },
      nvidiaGpus: async () => []
    })
    expect(adapter.unpinnable).toBe(`the Vulkan driver file ${missing} does not exist`)
  })

  it("pins the first NVIDIA card by NVIDIA's ICD and refuses the second, saying why", async () => {
    const adapters = await discoverWebGpuAdapters({
      facts: linux,
      env: {},
      nvidiaGpus: async () => cards,
      icdFolders: [folder]
    })
    expect(adapters[0].env).toEqual({ VK_DRIVER_FILES: nvidia, VK_ICD_FILENAMES: nvidia })
    expect(adapters[0].unpinnable).toBeUndefined()
    expect(adapters[1].env).toEqual({})
    expect(adapters[1].unpinnable).toMatch(/^NVIDIA card 1 cannot be pinned: onnxruntime-node 1.30/)
  })

  it('offers only the first D3D12 adapter on Windows', async () => {
    const adapters = await discoverWebGpuAdapters({
      facts: { platform: 'win32' },
      env: {},
      nvidiaGpus: async () => cards
    })
    expect(adapters).toHaveLength(1)
    expect(adapters[0]).toMatchObject({ index: 0, env: {}, name: 'NVIDIA H200' })
    expect(adapters[0].pinnedBy).toMatch(/first D3D12 adapter/)
  })
})
