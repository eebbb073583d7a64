// Plain-data types of the placement planner: what the model needs (sizes), what each device
// offers (budgets), what the user wants (PlacementRequest) and the resulting stages (the plan).
import type { DeviceRef } from '../devices/device-ref'

/** Byte sizes and shape numbers the planner counts with, read from the package manifest. */
export interface ModelSizes {
  layers: number
  /** Weight bytes of each decoder layer (index = layer). */
  layerWeightBytes: number[]
  /** ln_f + lm_head: fused into the last decoder segment, so always on the last stage's device. */
  headBytes: number
  /** Token embedding table: gathered on the host, counted against the CPU (host RAM). */
  embedBytes: number
  visionBytes: number
  hidden: number
  heads: number
  headDim: number
  mlpWidth: number
  vocab: number
  /** The model's native context (Qwen seq_length); the default planning context. */
  seqLength: number
  /** Bytes of one cached K or V element (4: the graphs keep the KV cache in float32). */
  kvElementBytes: number
  /** Working memory of one vision forward pass (one image), from the vision arch. */
  visionWorkBytes: number
  /** The largest stored tensor of each part: no device buffer may be smaller (buffer-limits.ts). */
  largestTensors?: LargestTensors
}

export interface TensorSize {
  name: string
  bytes: number
}

export interface LargestTensors {
  /** index = decoder layer */
  layers: (TensorSize | null)[]
  head: TensorSize | null
  vision: TensorSize | null
}

/** The largest single buffer a device can hold (a WebGPU adapter's maxBufferSize) and who said. */
export interface BufferLimit {
  bytes: number
  source: string
}

/** Usable memory of one device (already after the safety margin the device list applies). */
export interface DeviceBudget {
  device: DeviceRef
  budgetBytes: number
  /** Where the memory figure comes from ('nvidia-smi', 'adapter-limits', 'system-ram', …). */
  memorySource?: string
  bufferLimit?: BufferLimit
}

/** Explicit assignment: contiguous layer ranges to devices, plus where vision and head go. */
export interface PlacementMap {
  stages: { layers: [number, number]; device: string }[]
  vision?: string
  head?: string
}

/** The user's wishes, as the CLI flags and the app settings express them. All optional. */
export interface PlacementRequest {
  /** Devices that may run stages, in pipeline order (default: every usable device, CPU last). */
  devices?: string[]
  /** Proportions of layers per device in `devices` (llama.cpp --tensor-split). */
  split?: number[]
  /** Decoder layers on the accelerators (the last N; llama.cpp -ngl), the rest on the CPU. */
  gpuLayers?: number
  map?: PlacementMap
  /** Device of the vision tower (default: the first device with room left). */
  vision?: string
  /** Context length the KV cache is sized for (default: the model's seqLength). */
  context?: number
}

export type PlacementMode = 'auto' | 'split' | 'gpu-layers' | 'map'

export interface PlannedStage {
  device: string
  layers: [number, number]
  isLast: boolean
}

export interface DeviceUsage {
  device: string
  weightsBytes: number
  kvBytes: number
  workBytes: number
  totalBytes: number
  budgetBytes: number
  memorySource?: string
  bufferLimit?: BufferLimit
}

export interface PlacementPlan {
  mode: PlacementMode
  context: number
  stages: PlannedStage[]
  vision: string
  head: string
  /** Always the host: the embedding gather runs in JS (ORT-RUNTIME.md §4.5). */
  embedding: 'cpu'
  devices: DeviceUsage[]
}
