// Lists every device that could run a stage, with memory and a usability verdict (and the reason
// when it cannot be used). GPU backends are probed with a tiny model in a child process.
import os from 'node:os'
import { formatDevice, type DeviceKind, type DeviceRef } from './device-ref'
import {
  queryNvidiaGpus,
  queryVulkanDevices,
  queryWindowsAdapters,
  type NvidiaGpu
} from './gpu-info'
import { probeBackend, type ProbeResult } from './probe-backend'
import { backendUnavailableReason, hostPlatform, type PlatformFacts } from './session-options'
import { isSoftwareVulkan } from './webgpu-env'

export type MemorySource = 'os' | 'nvidia-smi' | 'wmi' | 'system-ram' | 'unknown'

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
  const nvidia =
    facts.platform === 'win32' || facts.platform === 'linux' ? await queryNvidiaGpus() : []
  const devices: DeviceInfo[] = [cpuInfo()]
  devices.push(await webgpuInfo(facts, probe, nvidia))
  if (facts.platform === 'linux') devices.push(...(await cudaInfos(facts, probe, nvidia)))
  if (facts.platform === 'win32') devices.push(...(await dmlInfos(facts, probe)))
  return { devices, defaultOrder: defaultOrder(devices) }
}

function cpuInfo(): DeviceInfo {
  const free = os.freemem()
  return {
    id: 'cpu',
    kind: 'cpu',
    index: 0,
    name: os.cpus()[0]?.model.trim() ?? 'CPU',
    usable: true,
    cores: os.availableParallelism(),
    totalBytes: os.totalmem(),
    freeBytes: free,
    memorySource: 'os',
    budgetBytes: Math.floor(free * BUDGET_FRACTION)
  }
}

async function verdict(
  device: DeviceRef,
  facts: PlatformFacts,
  probe: boolean
): Promise<Pick<DeviceInfo, 'usable' | 'reason' | 'probe'>> {
  const reason = backendUnavailableReason(device, facts)
  if (reason) return { usable: false, reason }
  if (!probe) return { usable: true }
  const result = await probeBackend(device)
  return result.ok
    ? { usable: true, probe: result }
    : { usable: false, reason: `probe failed: ${result.error ?? 'unknown error'}`, probe: result }
}

function withBudget(info: Omit<DeviceInfo, 'budgetBytes'>): DeviceInfo {
  const budgetBytes =
    info.usable && info.freeBytes !== null ? Math.floor(info.freeBytes * BUDGET_FRACTION) : 0
  return { ...info, budgetBytes }
}

async function webgpuInfo(
  facts: PlatformFacts,
  probe: boolean,
  nvidia: NvidiaGpu[]
): Promise<DeviceInfo> {
  const device: DeviceRef = { kind: 'webgpu', index: 0 }
  const software = isSoftwareVulkan()
  const state = await verdict(device, facts, probe)
  // onnxruntime-node has no adapter-info API: name the adapter from what the drivers report.
  const vulkan = facts.platform === 'linux' && !software ? await queryVulkanDevices() : []
  const gpu = software ? undefined : nvidia[0]
  const name = software
    ? 'SwiftShader (software Vulkan, VK_ICD_FILENAMES)'
    : (gpu?.name ?? vulkan[0] ?? 'default WebGPU adapter')
  return withBudget({
    id: 'webgpu',
    ...device,
    name,
    ...state,
    ...(software ? { software } : {}),
    totalBytes: gpu ? gpu.totalBytes : os.totalmem(),
    freeBytes: gpu ? gpu.freeBytes : os.freemem(),
    memorySource: gpu ? 'nvidia-smi' : 'system-ram'
  })
}

async function cudaInfos(
  facts: PlatformFacts,
  probe: boolean,
  nvidia: NvidiaGpu[]
): Promise<DeviceInfo[]> {
  if (nvidia.length === 0) {
    const reason =
      backendUnavailableReason({ kind: 'cuda', index: 0 }, facts) ??
      'cuda:0: no NVIDIA GPU found (nvidia-smi is missing or lists none)'
    return [
      {
        id: 'cuda:0',
        kind: 'cuda',
        index: 0,
        name: 'CUDA',
        usable: false,
        reason,
        totalBytes: null,
        freeBytes: null,
        memorySource: 'unknown',
        budgetBytes: 0
      }
    ]
  }
  const infos: DeviceInfo[] = []
  for (const gpu of nvidia) {
    const device: DeviceRef = { kind: 'cuda', index: gpu.index }
    const state = await verdict(device, facts, probe)
    infos.push(
      withBudget({
        id: formatDevice(device),
        ...device,
        name: gpu.name,
        ...state,
        totalBytes: gpu.totalBytes,
        freeBytes: gpu.freeBytes,
        memorySource: 'nvidia-smi'
      })
    )
  }
  return infos
}

async function dmlInfos(facts: PlatformFacts, probe: boolean): Promise<DeviceInfo[]> {
  const infos: DeviceInfo[] = []
  for (const adapter of await queryWindowsAdapters()) {
    const device: DeviceRef = { kind: 'dml', index: adapter.index }
    const state = await verdict(device, facts, probe)
    // WMI reports no free figure; the total is the best bound we have.
    infos.push(
      withBudget({
        id: formatDevice(device),
        ...device,
        name: adapter.name,
        ...state,
        totalBytes: adapter.totalBytes,
        freeBytes: adapter.totalBytes,
        memorySource: adapter.totalBytes === null ? 'unknown' : 'wmi'
      })
    )
  }
  return infos
}

/**
 * Several CUDA (or DirectML) GPUs: use them all. One GPU: prefer WebGPU, the only backend that
 * keeps the KV cache on the device (ORT-RUNTIME.md §0.1), since it drives that same GPU. Never
 * both WebGPU and CUDA/DML by default: they would count one GPU's memory twice.
 */
export function defaultOrder(devices: readonly DeviceInfo[]): string[] {
  const usable = (kind: DeviceKind) =>
    devices.filter(
      (device) =>
        device.kind === kind && device.usable && device.budgetBytes > 0 && !device.software
    )
  const cuda = usable('cuda')
  const dml = usable('dml')
  const webgpu = usable('webgpu')
  let gpus: DeviceInfo[]
  if (cuda.length >= 2) gpus = cuda
  else if (dml.length >= 2) gpus = dml
  else if (webgpu.length > 0) gpus = webgpu
  else gpus = [...cuda, ...dml]
  return [...gpus.map((device) => device.id), 'cpu']
}
