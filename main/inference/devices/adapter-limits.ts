// What a WebGPU adapter itself says about its memory, for adapters nvidia-smi does not know.
// onnxruntime-node 1.30 exposes no adapter info (its WebGPU EP reads Dawn's limits but never hands
// them out), so on Linux they come from the Vulkan driver Dawn runs on, through vulkaninfo in the
// adapter's pinning environment: Dawn's maxStorageBufferBindingSize is Vulkan's
// maxStorageBufferRange, and no buffer outgrows one allocation (maintenance3
// maxMemoryAllocationSize) or maintenance4's maxBufferSize. SwiftShader's limits are constants
// of SwiftShader (1 GiB, as vulkaninfo and Chromium's navigator.gpu report them), used when
// vulkaninfo is not installed.
import { runTool } from './gpu-info'

export type AdapterLimits = {
  /** The largest single buffer: one weight tensor larger than this cannot be placed. */
  maxBufferSize: number
  maxStorageBufferBindingSize: number
  /** Where the figures come from, for `mpp devices` and `mpp plan`. */
  source: 'vulkaninfo' | 'SwiftShader'
}

/** The device-local heap Vulkan reports: its size, and what this process may use of it. */
export type AdapterHeap = { totalBytes: number; freeBytes: number }

export type VulkanAdapterReport = { limits?: AdapterLimits; heap?: AdapterHeap }

const GIB = 1024 ** 3

/** SwiftShader's MAX_MEMORY_ALLOCATION_SIZE and maxStorageBufferRange. */
export const SWIFTSHADER_LIMITS: AdapterLimits = {
  maxBufferSize: GIB,
  maxStorageBufferBindingSize: GIB,
  source: 'SwiftShader'
}

/** `vulkaninfo` (full text) of the first physical device, the one Dawn takes of a driver. */
export function parseVulkanInfo(text: string): VulkanAdapterReport {
  const start = text.search(/^GPU0:/m)
  if (start < 0) return {}
  const rest = text.slice(start + 1)
  const next = rest.search(/^GPU\d+:/m)
  const device = next < 0 ? rest : rest.slice(0, next)
  const value = (name: string): number | undefined => {
    const match = new RegExp(`^\\s*${name}\\s*=\\s*(0x[0-9a-f]+|\\d+)`, 'im').exec(device)
    return match ? Number(match[1]) : undefined
  }
  const storageRange = value('maxStorageBufferRange')
  const bufferCaps = [value('maxMemoryAllocationSize'), value('maxBufferSize')].filter(
    (cap): cap is number => cap !== undefined
  )
  const heap = deviceLocalHeap(device)
  return {
    ...(storageRange !== undefined && bufferCaps.length > 0
      ? {
          limits: {
            maxBufferSize: Math.min(...bufferCaps),
            maxStorageBufferBindingSize: storageRange,
            source: 'vulkaninfo' as const
          }
        }
      : {}),
    ...(heap ? { heap } : {})
  }
}

/** The first DEVICE_LOCAL heap; its budget minus usage is free when VK_EXT_memory_budget says. */
function deviceLocalHeap(device: string): AdapterHeap | undefined {
  for (const block of device.split(/^\s*memoryHeaps\[\d+\]:\s*$/m).slice(1)) {
    const heap = block.split(/^\s*memoryTypes/m)[0]
    if (!/MEMORY_HEAP_DEVICE_LOCAL_BIT/.test(heap)) continue
    const number = (name: string): number | undefined => {
      const match = new RegExp(`^\\s*${name}\\s*=\\s*(\\d+)`, 'm').exec(heap)
      return match ? Number(match[1]) : undefined
    }
    const size = number('size')
    if (size === undefined) return undefined
    const budget = number('budget')
    const usage = number('usage') ?? 0
    return { totalBytes: size, freeBytes: budget === undefined ? size : budget - usage }
  }
  return undefined
}

/** vulkaninfo in the environment that pins the adapter; empty when it is not installed. */
export async function queryVulkanAdapter(
  env: Record<string, string>
): Promise<VulkanAdapterReport> {
  const out = await runTool('vulkaninfo', [], 15_000, env)
  return out === null ? {} : parseVulkanInfo(out)
}
