// The contract every execution provider module implements (one module per provider under
// backends/, registered by name in registry.ts, as ONNX Runtime registers its own backends). A
// backend owns the facts that used to be spread over the device code: where it can exist, how it
// finds its devices and their memory, its session options, and which kind of decoder stage runs it.
import type { InferenceSession } from 'onnxruntime-node'
import type { AdapterLimits } from '../adapter-limits'
import type { NvidiaGpu } from '../gpu-info'

/** A registered backend's name ('cpu', 'webgpu', 'cuda', 'dml', or one added later). */
export type DeviceKind = string

export interface DeviceRef {
  kind: DeviceKind
  index: number
}

/** 'adapter-limits': the adapter's own report (Vulkan's device-local heap and its budget). */
export type MemorySource = 'os' | 'nvidia-smi' | 'wmi' | 'adapter-limits' | 'system-ram' | 'unknown'

/** Facts about the running platform and the installed ONNX Runtime binding. */
export interface PlatformFacts {
  platform: NodeJS.Platform
  arch: string
  /** Files present in the binding folder (only the provider libraries matter). */
  hasFile(name: string): boolean
}

/** Memory of a device as its backend reports it; null where the driver tools cannot tell. */
export type DeviceMemory = {
  totalBytes: number | null
  freeBytes: number | null
  memorySource: MemorySource
}

/** One device a backend found, before the usability verdict and the budget are added. */
export type DiscoveredDevice = DeviceMemory & {
  index: number
  name: string
  /** A software adapter (SwiftShader): usable when named, never chosen by default. */
  software?: boolean
  cores?: number
  /** Set when discovery already knows the device cannot run (nothing is probed then). */
  reason?: string
  /** How the device is selected for the process that runs it (WebGPU adapters). */
  pinnedBy?: string
  /** The adapter's buffer limits, where it reports them (WebGPU). */
  limits?: AdapterLimits
}

/** What discovery may ask about the machine; driver-tool answers are shared between backends. */
export interface DiscoveryContext {
  facts: PlatformFacts
  nvidiaGpus(): Promise<NvidiaGpu[]>
}

export interface SessionOptionWishes {
  /** Intra-op threads of a CPU session (default: every core). */
  cpuThreads?: number
  /** Per-output locations for device-KV sessions: KV outputs 'gpu-buffer', the rest 'cpu'. */
  outputLocations?: Record<string, 'cpu' | 'gpu-buffer'>
  logSeverityLevel?: 0 | 1 | 2 | 3 | 4
}

/**
 * How decoder layers run on the backend: 'hostkv' keeps the KV cache in JS memory and feeds it
 * in place (CPU, CUDA, DirectML); 'gqa' keeps it on the device in fixed-capacity buffers read by
 * GroupQueryAttention (WebGPU); 'devicekv' is the older device-KV graph (Concat per step), kept
 * for runtimes that cannot run the gqa graph.
 */
export type StageKind = 'hostkv' | 'gqa' | 'devicekv'

/**
 * A backend whose device is chosen per process (WebGPU: Dawn takes the adapter the environment
 * selects): every stage on it runs in a child process started with `env(index)`.
 */
export interface StageProcessSupport {
  /** The environment that pins device `index`; throws a DeviceError naming it when it cannot. */
  env(index: number): Promise<Record<string, string>>
}

export interface Backend {
  readonly kind: DeviceKind
  /** Other spellings accepted on the command line ('gpu' for CUDA). */
  readonly aliases?: readonly string[]
  /**
   * True when devices are always numbered ('cuda:1'); false when the first device goes by the
   * bare name ('webgpu' = 'webgpu:0'), and a stage-process backend may number the others.
   */
  readonly indexed: boolean
  readonly stageProcess?: StageProcessSupport
  readonly stageKind: StageKind
  /** Whether devices are test-run in a child process before they are called usable. */
  readonly probed: boolean
  /**
   * Rank among accelerators when the user names no devices: the backend with the highest rank
   * takes the GPUs (ties share them). Absent for the host CPU, which always comes last.
   */
  readonly defaultRank?: { single: number; several: number }
  /** Why the backend cannot exist on this machine whatever the hardware (null when it can). */
  unavailableReason(name: string, facts: PlatformFacts): string | null
  discover(context: DiscoveryContext): Promise<DiscoveredDevice[]>
  sessionOptions(device: DeviceRef, wishes: SessionOptionWishes): InferenceSession.SessionOptions
}

/**
 * Keeps idle intra-op threads from spinning: for GPU sessions, and for every CPU session (a
 * desktop's cores are always shared with something; spinning threads steal them).
 */
export const NO_SPINNING = { session: { intra_op: { allow_spinning: '0' } } }

/** Options every preset starts from: quiet logs, one inter-op thread. */
export function baseSessionOptions(wishes: SessionOptionWishes): InferenceSession.SessionOptions {
  return { logSeverityLevel: wishes.logSeverityLevel ?? 3, interOpNumThreads: 1 }
}
