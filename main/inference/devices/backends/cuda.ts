// The CUDA execution provider (Linux x64, provider libraries fetched at install, ORT-RUNTIME.md
// §1.1-1.2): one device per NVIDIA GPU that nvidia-smi lists, with its free memory. Host-KV stages.
import { baseSessionOptions, NO_SPINNING, type Backend, type DiscoveredDevice } from './backend'

export const cudaBackend: Backend = {
  kind: 'cuda',
  aliases: ['gpu'],
  indexed: true,
  stageKind: 'hostkv',
  probed: true,
  defaultRank: { single: 1, several: 4 },
  unavailableReason(name, facts) {
    if (facts.platform !== 'linux' || facts.arch !== 'x64') {
      return `${name}: the CUDA provider of onnxruntime-node exists for Linux x64 only`
    }
    if (
      !facts.hasFile('libonnxruntime_providers_cuda.so') ||
      !facts.hasFile('libonnxruntime_providers_shared.so')
    ) {
      return `${name}: the CUDA provider is not installed (libonnxruntime_providers_cuda.so is missing; reinstall with ONNXRUNTIME_NODE_INSTALL=cuda12)`
    }
    return null
  },
  async discover({ facts, nvidiaGpus }): Promise<DiscoveredDevice[]> {
    if (facts.platform !== 'linux') return []
    const gpus = await nvidiaGpus()
    if (gpus.length === 0) {
      const reason =
        cudaBackend.unavailableReason('cuda:0', facts) ??
        'cuda:0: no NVIDIA GPU found (nvidia-smi is missing or lists none)'
      return [
        {
          index: 0,
          name: 'CUDA',
          reason,
          totalBytes: null,
          freeBytes: null,
          memorySource: 'unknown'
        }
      ]
    }
    return gpus.map((gpu) => ({
      index: gpu.index,
      name: gpu.name,
      totalBytes: gpu.totalBytes,
      freeBytes: gpu.freeBytes,
      memorySource: 'nvidia-smi'
    }))
  },
  sessionOptions: (device, wishes) => ({
    ...baseSessionOptions(wishes),
    executionProviders: [{ name: 'cuda', deviceId: device.index }],
    intraOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    extra: NO_SPINNING
  })
}
