// The decoder stage contract (RUNTIME-CONTRACT.md): a contiguous run of layers on one device
// that owns its layers' KV cache per sequence and maps hidden states to hidden states (or to
// logits for the last stage). `createStage` picks the implementation for the device.
import type { ModelPackage } from '../package/model-package'
import { CpuStage } from './cpu-stage'
import type { CpuSessionSettings } from './session-options'
import { WebGpuStage } from './webgpu-stage'

export interface DeviceRef {
  kind: 'cpu' | 'webgpu' | 'cuda' | 'dml'
  index: number
}

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

export interface CreateStageOptions extends CpuSessionSettings {
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
  if (spec.device.kind === 'webgpu') {
    return WebGpuStage.create(pkg, spec, await pkg.segmentGraph(from, to, 'devicekv'))
  }
  return CpuStage.create(pkg, spec, await pkg.segmentGraph(from, to, 'hostkv'), options)
}
