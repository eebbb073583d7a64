// The DirectML execution provider (Windows only): one device per hardware video adapter that WMI
// lists (WMI order approximates DXGI order). WMI has no free-memory figure, so the total stands
// in for it. Host-KV stages; memory patterns off and sequential execution, as DirectML requires.
import { queryWindowsAdapters } from '../gpu-info'
import { baseSessionOptions, NO_SPINNING, type Backend, type DiscoveredDevice } from './backend'

export const dmlBackend: Backend = {
  kind: 'dml',
  indexed: true,
  stageKind: 'hostkv',
  probed: true,
  defaultRank: { single: 1, several: 3 },
  unavailableReason: (name, facts) =>
    facts.platform === 'win32' ? null : `${name}: DirectML exists on Windows only`,
  async discover({ facts }): Promise<DiscoveredDevice[]> {
    if (facts.platform !== 'win32') return []
    return (await queryWindowsAdapters()).map((adapter) => ({
      index: adapter.index,
      name: adapter.name,
      totalBytes: adapter.totalBytes,
      freeBytes: adapter.totalBytes,
      memorySource: adapter.totalBytes === null ? 'unknown' : 'wmi'
    }))
  },
  sessionOptions: (device, wishes) => ({
    ...baseSessionOptions(wishes),
    executionProviders: [{ name: 'dml', deviceId: device.index }],
    intraOpNumThreads: 1,
    executionMode: 'sequential',
    enableMemPattern: false,
    extra: NO_SPINNING
  })
}
