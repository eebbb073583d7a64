// The decoder stage contract (RUNTIME-CONTRACT.md): a contiguous run of layers on one device
// that owns its layers' KV cache per sequence and maps hidden states to hidden states (or to
// logits for the last stage). `createStage` picks the implementation from the stage kind of the
// device's backend.
import { backendOf } from '../devices/backends/registry'
import type { DeviceRef } from '../devices/device-ref'
import type { ModelPackage } from '../package/model-package'
import { CpuStage } from './cpu-stage'
import { WebGpuStage } from './webgpu-stage'

export type { DeviceRef } from '../devices/device-ref'

export interface StageSpec {
  layers: [from: number, to: number]
  device: DeviceRef
  isLast: boolean
}

export type SequenceId = number

export interface StageInput {
  /** [tokens, hidden] float32 */
  hidden: Float32Array
  tokens: number
  ropeCos: Float32Array
  ropeSin: Float32Array
  lognScale: Float32Array
  /** [tokens, cached + tokens] */
  attnBias: Float32Array
}

export interface StageOutput {
  hidden?: Float32Array
  /** [vocab], last position only (last stage). */
  logits?: Float32Array
}

export interface DecoderStage {
  readonly spec: StageSpec
  openSequence(): SequenceId
  forward(seq: SequenceId, input: StageInput): Promise<StageOutput>
  truncate(seq: SequenceId, length: number): void
  fork(seq: SequenceId): SequenceId
  cachedLength(seq: SequenceId): number
  closeSequence(seq: SequenceId): void
  dispose(): Promise<void>
}

export interface CreateStageOptions {
  /** Intra-op threads of a CPU session; default: every core. */
  threads?: number
  /** True when several sessions share the cores (disables spin-waiting). */
  sharedCores?: boolean
  /** Initial KV capacity per sequence in tokens (grows by doubling). */
  initialCapacity?: number
}

/** Builds (or reuses) the segment graph for `spec` and opens it on the requested device. */
export async function createStage(
  pkg: ModelPackage,
  spec: StageSpec,
  options: CreateStageOptions = {}
): Promise<DecoderStage> {
  const [from, to] = spec.layers
  if (spec.isLast !== (to === pkg.manifest.arch.llm.layers)) {
    throw new RangeError(
      `stage [${from}, ${to}) isLast=${spec.isLast} disagrees with the model's layer count`
    )
  }
  const kind = backendOf(spec.device.kind).stageKind
  const graph = await pkg.segmentGraph(from, to, kind)
  return kind === 'devicekv'
    ? WebGpuStage.create(pkg, spec, graph)
    : CpuStage.create(pkg, spec, graph, options)
}
