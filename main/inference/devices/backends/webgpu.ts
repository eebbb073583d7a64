// The WebGPU execution provider (Dawn): the only backend that keeps the KV cache on the device
// (ORT-RUNTIME.md §0.1), so it is preferred for a single GPU. onnxruntime-node 1.30 cannot pick an
// adapter (§0.2): each adapter is pinned by the environment of the stage process that uses it
// (webgpu-adapters.ts). onnxruntime-node has no adapter-info API: the name, memory and buffer
// limits come from the driver tools (adapter-limits.ts).
import os from 'node:os'
import type { InferenceSession } from 'onnxruntime-node'
import { DeviceError } from '../errors'
import { queryNvidiaGpus, queryVulkanDevices } from '../gpu-info'
import {
  queryVulkanAdapter,
  SWIFTSHADER_LIMITS,
  type AdapterHeap,
  type VulkanAdapterReport
} from '../adapter-limits'
import { discoverWebGpuAdapters, type AdapterContext, type WebGpuAdapter } from '../webgpu-adapters'
import { hostPlatform } from '../platform'
import {
  baseSessionOptions,
  NO_SPINNING,
  type Backend,
  type DeviceMemory,
  type DeviceRef,
  type DiscoveredDevice
} from './backend'

export const webgpuBackend: Backend = {
  kind: 'webgpu',
  indexed: false,
  stageKind: 'gqa',
  probed: true,
  defaultRank: { single: 2, several: 2 },
  stageProcess: {
    async env(index) {
      const adapters = await discoverWebGpuAdapters(adapterContext(queryNvidiaGpus))
      const adapter = adapters.find((entry) => entry.index === index)
      const name = index === 0 ? 'webgpu' : `webgpu:${index}`
      if (!adapter)
        throw new DeviceError(
          'DEVICE_UNAVAILABLE',
          `WebGPU adapter ${name} does not exist (${adapters.length} found: ${adapters.map((a) => a.name).join('; ')})`
        )
      if (adapter.unpinnable)
        throw new DeviceError('DEVICE_UNAVAILABLE', `${name}: ${adapter.unpinnable}`)
      return adapter.env
    }
  },
  unavailableReason(name, facts) {
    if (facts.platform === 'linux' && facts.arch !== 'x64')
      return `${name}: onnxruntime-node has no WebGPU build for Linux arm64`
    if (facts.platform === 'darwin' && facts.arch !== 'arm64')
      return `${name}: onnxruntime-node 1.30 ships no macOS x64 binding`
    return null
  },
  async discover({ facts, nvidiaGpus }): Promise<DiscoveredDevice[]> {
    const adapters = await discoverWebGpuAdapters(adapterContext(nvidiaGpus, facts))
    const vulkan =
      facts.platform === 'linux' &&
      adapters.some((adapter) => adapter.env.VK_DRIVER_FILES === undefined)
        ? await queryVulkanDevices()
        : []
    const reports = await Promise.all(
      adapters.map((adapter) =>
        // Only a pinned driver tells which device vulkaninfo's first one is (Dawn's pick).
        facts.platform === 'linux' && adapter.env.VK_DRIVER_FILES !== undefined
          ? queryVulkanAdapter(adapter.env)
          : Promise.resolve({})
      )
    )
    return adapters.map((adapter, i) => {
      const report: VulkanAdapterReport = reports[i]
      const limits = report.limits ?? (adapter.software ? SWIFTSHADER_LIMITS : undefined)
      return {
        index: adapter.index,
        name:
          adapter.env.VK_DRIVER_FILES || adapter.nvidia
            ? adapter.name
            : (vulkan[0] ?? adapter.name),
        ...(adapter.software ? { software: true } : {}),
        ...adapterMemory(adapter, report.heap),
        pinnedBy: adapter.pinnedBy,
        ...(limits ? { limits } : {}),
        ...(adapter.unpinnable ? { reason: adapter.unpinnable } : {})
      }
    })
  },
  // validationMode stays at its default ('basic') for these generic sessions; the gqa stage's
  // own sessions turn it off (gqaSessionOptions below).
  sessionOptions: (_device, wishes) => ({
    ...baseSessionOptions(wishes),
    executionProviders: [{ name: 'webgpu' }],
    intraOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    extra: NO_SPINNING,
    ...(wishes.outputLocations ? { preferredOutputLocation: wishes.outputLocations } : {})
  })
}

/**
 * nvidia-smi's figures where it knows the card; else the device-local heap the adapter reports
 * (not for a software adapter: SwiftShader's heap is a made-up figure over system RAM); else RAM.
 */
function adapterMemory(adapter: WebGpuAdapter, heap: AdapterHeap | undefined): DeviceMemory {
  if (adapter.nvidia)
    return {
      totalBytes: adapter.nvidia.totalBytes,
      freeBytes: adapter.nvidia.freeBytes,
      memorySource: 'nvidia-smi'
    }
  if (heap && !adapter.software)
    return {
      totalBytes: heap.totalBytes,
      freeBytes: heap.freeBytes,
      memorySource: 'adapter-limits'
    }
  return { totalBytes: os.totalmem(), freeBytes: os.freemem(), memorySource: 'system-ram' }
}

function adapterContext(
  nvidiaGpus: AdapterContext['nvidiaGpus'],
  facts: AdapterContext['facts'] = hostPlatform()
): AdapterContext {
  return { facts, env: process.env, nvidiaGpus }
}

/**
 * Sessions of the gqa decoder stage: present_* and logits stay on the device (logits are read
 * back only when asked for), the greedy id and hidden states come to the CPU, and Dawn's
 * validation is off (its per-call checks cost CPU time on every dispatch; the graphs are
 * ours and fixed; the gqa tests run with it off).
 */
export function gqaSessionOptions(
  device: DeviceRef,
  outputNames: readonly string[]
): InferenceSession.SessionOptions {
  const outputLocations: Record<string, 'cpu' | 'gpu-buffer'> = {}
  for (const name of outputNames) {
    outputLocations[name] = name.startsWith('present_') || name === 'logits' ? 'gpu-buffer' : 'cpu'
  }
  return {
    ...webgpuBackend.sessionOptions(device, { outputLocations }),
    executionProviders: [{ name: 'webgpu', validationMode: 'disabled' }]
  }
}
