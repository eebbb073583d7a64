// The WebGPU execution provider (Dawn): one adapter, chosen by ONNX Runtime (onnxruntime-node 1.30
// cannot pick one, ORT-RUNTIME.md §0.2). The only backend that keeps the KV cache on the device
// (§0.1), so it is preferred for a single GPU. onnxruntime-node has no adapter-info API: the name
// and memory come from the driver tools.
import os from 'node:os'
import { queryVulkanDevices } from '../gpu-info'
import { isSoftwareVulkan } from '../webgpu-env'
import { baseSessionOptions, NO_SPINNING, type Backend, type DiscoveredDevice } from './backend'

export const webgpuBackend: Backend = {
  kind: 'webgpu',
  indexed: false,
  stageKind: 'devicekv',
  probed: true,
  defaultRank: { single: 2, several: 2 },
  unavailableReason(name, facts) {
    if (facts.platform === 'linux' && facts.arch !== 'x64')
      return `${name}: onnxruntime-node has no WebGPU build for Linux arm64`
    if (facts.platform === 'darwin' && facts.arch !== 'arm64')
      return `${name}: onnxruntime-node 1.30 ships no macOS x64 binding`
    return null
  },
  async discover({ facts, nvidiaGpus }): Promise<DiscoveredDevice[]> {
    const software = isSoftwareVulkan()
    const gpu = software ? undefined : (await nvidiaGpus())[0]
    const vulkan = facts.platform === 'linux' && !software ? await queryVulkanDevices() : []
    const name = software
      ? 'SwiftShader (software Vulkan, VK_ICD_FILENAMES)'
      : (gpu?.name ?? vulkan[0] ?? 'default WebGPU adapter')
    return [
      {
        index: 0,
        name,
        ...(software ? { software } : {}),
        totalBytes: gpu ? gpu.totalBytes : os.totalmem(),
        freeBytes: gpu ? gpu.freeBytes : os.freemem(),
        memorySource: gpu ? 'nvidia-smi' : 'system-ram'
      }
    ]
  },
  // validationMode stays at its default ('basic'): 'disabled' can crash the process.
  sessionOptions: (_device, wishes) => ({
    ...baseSessionOptions(wishes),
    executionProviders: [{ name: 'webgpu' }],
    intraOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    extra: NO_SPINNING,
    ...(wishes.outputLocations ? { preferredOutputLocation: wishes.outputLocations } : {})
  })
}
