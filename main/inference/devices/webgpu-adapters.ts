// WebGPU adapters and how each is pinned. onnxruntime-node 1.30's WebGPU EP takes the first
// adapter Dawn offers and cannot be given an index (ORT-RUNTIME.md §1.3), so an adapter is chosen
// per process, through the environment its stage process starts with:
// - Linux/Vulkan: VK_DRIVER_FILES (VK_ICD_FILENAMES for older loaders) names the driver's ICD
//   file. Several files listed there (colon-separated) are several adapters, one per driver, in
//   that order. Without it, NVIDIA cards (nvidia-smi) use NVIDIA's ICD; only the first card of a
//   driver can be pinned (Dawn takes a driver's first device; Mesa's MESA_VK_DEVICE_SELECT would
//   need the device-select layer, which NVIDIA's driver does not honour).
// - Windows: Dawn takes the first D3D12 (DXGI) adapter; nothing moves it from outside.
// - macOS: one Metal adapter.
import { existsSync } from 'node:fs'
import { basename, delimiter, join } from 'node:path'
import type { PlatformFacts } from './backends/backend'
import type { NvidiaGpu } from './gpu-info'
import { isSoftwareVulkan } from './webgpu-env'

export interface WebGpuAdapter {
  index: number
  name: string
  software: boolean
  /** The environment that makes Dawn in a fresh process pick this adapter. */
  env: Record<string, string>
  /** How the adapter is pinned, for `mpp devices`. */
  pinnedBy: string
  /** Why the adapter cannot be pinned (then it cannot run a stage). */
  unpinnable?: string
  nvidia?: NvidiaGpu
}

export interface AdapterContext {
  facts: Pick<PlatformFacts, 'platform'>
  env: NodeJS.ProcessEnv
  nvidiaGpus(): Promise<NvidiaGpu[]>
  /** Folders searched for Vulkan ICD files (the loader's defaults). */
  icdFolders?: readonly string[]
}

const ICD_FOLDERS = ['/etc/vulkan/icd.d', '/usr/share/vulkan/icd.d']
const NO_INDEX =
  'onnxruntime-node 1.30 cannot choose an adapter and Dawn takes the first one of a driver'

export async function discoverWebGpuAdapters(context: AdapterContext): Promise<WebGpuAdapter[]> {
  if (context.facts.platform !== 'linux') return platformDefault(context)
  const pinned = context.env.VK_DRIVER_FILES ?? context.env.VK_ICD_FILENAMES
  if (pinned !== undefined && pinned.trim() !== '') {
    const gpus = await context.nvidiaGpus()
    return pinned
      .split(delimiter)
      .filter((file) => file.length > 0)
      .map((file, index) => {
        const software = isSoftwareVulkan({ VK_ICD_FILENAMES: file })
        const nvidia = /nvidia/i.test(basename(file)) ? gpus[0] : undefined
        return {
          index,
          name: software
            ? `${softwareDriverName(file)} (software Vulkan, ${file})`
            : (nvidia?.name ?? file),
          software,
          env: driverEnv(file),
          pinnedBy: `VK_DRIVER_FILES=${file}`,
          ...(existsSync(file)
            ? {}
            : { unpinnable: `the Vulkan driver file ${file} does not exist` }),
          ...(nvidia ? { nvidia } : {})
        }
      })
  }
  const gpus = await context.nvidiaGpus()
  const icd = findIcd(context.icdFolders ?? ICD_FOLDERS, /nvidia/i)
  if (gpus.length === 0 || icd === undefined) return platformDefault(context)
  return gpus.map((gpu, index) =>
    index === 0
      ? {
          index,
          name: gpu.name,
          software: false,
          env: driverEnv(icd),
          pinnedBy: `VK_DRIVER_FILES=${icd}`,
          nvidia: gpu
        }
      : {
          index,
          name: gpu.name,
          software: false,
          env: {},
          pinnedBy: 'none',
          unpinnable: `NVIDIA card ${gpu.index} cannot be pinned: ${NO_INDEX} (list one driver per adapter in VK_DRIVER_FILES)`,
          nvidia: gpu
        }
  )
}

function driverEnv(file: string): Record<string, string> {
  return { VK_DRIVER_FILES: file, VK_ICD_FILENAMES: file }
}

function findIcd(folders: readonly string[], pattern: RegExp): string | undefined {
  for (const folder of folders) {
    for (const name of ['nvidia_icd.json', 'nvidia_icd.x86_64.json']) {
      const path = join(folder, name)
      if (pattern.test(name) && existsSync(path)) return path
    }
  }
  return undefined
}

async function platformDefault(context: AdapterContext): Promise<WebGpuAdapter[]> {
  const gpu = (await context.nvidiaGpus())[0]
  const pinnedBy =
    context.facts.platform === 'win32'
      ? 'the first D3D12 adapter (DXGI order 0), the only one Dawn takes'
      : context.facts.platform === 'darwin'
        ? 'the Metal adapter'
        : "the driver's default device (no Vulkan ICD pinned)"
  return [
    {
      index: 0,
      name: gpu?.name ?? 'default WebGPU adapter',
      software: false,
      env: {},
      pinnedBy,
      ...(gpu ? { nvidia: gpu } : {})
    }
  ]
}

/** Which CPU Vulkan driver a driver file names: the fallbacks Dawn may offer, or lavapipe. */
function softwareDriverName(file: string): string {
  return /lvp_icd|lavapipe/i.test(file) ? 'lavapipe (Mesa)' : 'SwiftShader'
}
