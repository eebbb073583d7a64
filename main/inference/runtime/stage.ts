// The decoder stage contract (RUNTIME-CONTRACT.md): a contiguous run of layers on one device
// that owns its layers' KV cache per sequence and maps hidden states to hidden states (or to
// logits for the last stage). create-stage.ts picks the implementation.
import type { DeviceRef } from '../devices/device-ref'
import type { PositionSource } from './position-inputs'

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
  /**
   * What ropeCos..attnBias were built from (stepPositions sets it), so that a replay log can keep
   * this instead of the tables; absent for tables built some other way. Stages ignore it.
   */
  positionSource?: PositionSource
  /**
   * What the last stage returns: 'full' logits (default), or 'argmax' when only the greedy
   * token is needed and the stage can take it on the device (then `logits` may be absent).
   */
  logits?: 'full' | 'argmax'
}

export interface StageOutput {
  hidden?: Float32Array
  /** [vocab], last position only (last stage). */
  logits?: Float32Array
  /** Greedy argmax of the last position, when the stage computed it on the device. */
  nextId?: number
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
  /** Initial KV capacity per sequence in tokens (grows by doubling). */
  initialCapacity?: number
  /** WebGPU graph; default: gqa16 where the adapter has shader-f16, else gqa. */
  webgpuVariant?: WebGpuVariant
}

/** WebGPU decoder graphs: gqa (fp32), gqa16 (fp16, needs shader-f16), devicekv (the old graph). */
export type WebGpuVariant = 'gqa' | 'gqa16' | 'devicekv'
