// Lists every device that could run a stage, with memory and a usability verdict (and the reason
// when it cannot be used). Each registered backend discovers its own devices; probed backends are
// test-run with a tiny model in a child process.
import type { AdapterLimits } from './adapter-limits'
import type { Backend, DeviceKind, DiscoveredDevice, MemorySource } from './backends/backend'
import { registeredBackends } from './backends/registry'
import { formatDevice } from './device-ref'
import { queryNvidiaGpus, type NvidiaGpu } from './gpu-info'
import { hostPlatform } from './platform'
import { probeBackend, type ProbeResult } from './probe-backend'
import type { PlatformFacts } from './backends/backend'

export type { MemorySource } from './backends/backend'

// Type aliases (not interfaces) so the host protocol can treat these as plain JSON.
export type DeviceInfo = {
  id: string
  kind: DeviceKind
  index: number
  name: string
  usable: boolean
  reason?: string
  /** A software adapter (SwiftShader): usable when named, never chosen by default. */
  software?: boolean
  cores?: number
  /** How the device is selected for its stage processes (WebGPU adapters). */
  pinnedBy?: string
  /** The adapter's buffer limits (WebGPU), where it reports them. */
  limits?: AdapterLimits
  totalBytes: number | null
  freeBytes: number | null
  memorySource: MemorySource
  /** What the planner may fill: 90 % of free memory (accelerate's single-device margin). */
  budgetBytes: number
  probe?: ProbeResult
}

export type DeviceListing = {
  devices: DeviceInfo[]
  /** Pipeline order used when the user names no devices: accelerators first, CPU last. */
  defaultOrder: string[]
}

export interface ListDevicesOptions {
  /** Probe GPU backends in a child process (default true). */
  probe?: boolean
  facts?: PlatformFacts
}

export const BUDGET_FRACTION = 0.9

export async function listDevices(options: ListDevicesOptions = {}): Promise<DeviceListing> {
  const facts = options.facts ?? hostPlatform()
  const probe = options.probe ?? true
  let nvidia: Promise<NvidiaGpu[]> | undefined
  const context = {
    facts,
    nvidiaGpus: () => (nvidia ??= queryNvidiaGpus())
  }
  const devices: DeviceInfo[] = []
  for (const backend of registeredBackends()) {
    for (const found of await backend.discover(context)) {
      devices.push(await describe(backend, found, facts, probe))
    }
  }
  return { devices, defaultOrder: defaultOrder(devices) }
}

async function describe(
  backend: Backend,
  found: DiscoveredDevice,
  facts: PlatformFacts,
  probe: boolean
): Promise<DeviceInfo> {
  const { reason: known, ...device } = found
  const id = formatDevice({ kind: backend.kind, index: found.index })
  const state = known === undefined ? await verdict(backend, id, found.index, facts, probe) : {}
  const usable = known === undefined && state.reason === undefined
  const budgetBytes =
    usable && found.freeBytes !== null ? Math.floor(found.freeBytes * BUDGET_FRACTION) : 0
  return {
    id,
    kind: backend.kind,
    ...device,
    usable,
    ...(known === undefined ? state : { reason: known }),
    budgetBytes
  }
}

async function verdict(
  backend: Backend,
  id: string,
  index: number,
  facts: PlatformFacts,
  probe: boolean
): Promise<Pick<DeviceInfo, 'reason' | 'probe'>> {
  const reason = backend.unavailableReason(id, facts)
  if (reason) return { reason }
  if (!probe || !backend.probed) return {}
  // A stage-process backend is probed in the environment its stage processes get.
  const env = (await backend.stageProcess?.env(index)) ?? {}
  const result = await probeBackend(backend.sessionOptions({ kind: backend.kind, index }, {}), {
    env
  })
  return result.ok
    ? { probe: result }
    : { reason: `probe failed: ${result.error ?? 'unknown error'}`, probe: result }
}

/**
 * The accelerators of the highest-ranked backend (ties share), then the CPU. With the built-in
 * ranks: several CUDA (or DirectML) GPUs are all used; one GPU prefers WebGPU, the only backend
 * that keeps the KV cache on the device (ORT-RUNTIME.md §0.1), since it drives that same GPU.
 * Never WebGPU with CUDA/DML by default: they would count one GPU's memory twice.
 */
export function defaultOrder(devices: readonly DeviceInfo[]): string[] {
  let best = 0
  let chosen: DeviceInfo[] = []
  for (const backend of registeredBackends()) {
    if (!backend.defaultRank) continue
    const usable = devices.filter(
      (device) =>
        device.kind === backend.kind && device.usable && device.budgetBytes > 0 && !device.software
    )
    if (usable.length === 0) continue
    const rank = usable.length >= 2 ? backend.defaultRank.several : backend.defaultRank.single
    if (rank > best) [best, chosen] = [rank, usable]
    else if (rank === best) chosen = [...chosen, ...usable]
  }
  return [...chosen.map((device) => device.id), 'cpu']
}
