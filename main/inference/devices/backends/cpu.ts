// The CPU execution provider: always present, one device (the host), its memory from the OS.
// Host-KV stages; the session uses every core unless the caller splits them between sessions,
// and its idle workers sleep instead of spinning.
import os from 'node:os'
import {
  baseSessionOptions,
  NO_SPINNING,
  type Backend,
  type DiscoveredDevice,
  type SessionOptionWishes
} from './backend'

export function cpuThreads(wishes: SessionOptionWishes): number {
  return Math.max(1, wishes.cpuThreads ?? os.availableParallelism())
}

export const cpuBackend: Backend = {
  kind: 'cpu',
  indexed: false,
  stageKind: 'hostkv',
  probed: false,
  unavailableReason: () => null,
  discover(): Promise<DiscoveredDevice[]> {
    return Promise.resolve([
      {
        index: 0,
        name: os.cpus()[0]?.model.trim() ?? 'CPU',
        cores: os.availableParallelism(),
        totalBytes: os.totalmem(),
        freeBytes: os.freemem(),
        memorySource: 'os'
      }
    ])
  },
  sessionOptions: (_device, wishes) => ({
    ...baseSessionOptions(wishes),
    executionProviders: ['cpu'],
    intraOpNumThreads: cpuThreads(wishes),
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    enableCpuMemArena: true,
    // Spin-waiting workers steal cores from everything else on the machine, this process's
    // other sessions included: under load the ORT pool's parallel sections then wait on
    // descheduled spinners (measured: 2x slower decode on a busy 2-core machine).
    extra: NO_SPINNING
  })
}
