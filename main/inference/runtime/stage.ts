// The decoder stage contract (RUNTIME-CONTRACT.md): a contiguous run of layers on one device
// that owns its layers' KV cache per sequence and maps hidden states to hidden states (or to
// logits for the last stage). create-stage.ts picks the implementation.
import type { DeviceRef } from '../devices/device-ref'
import type { TopLogits } from '../generation/top-logits'
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
   * What the last stage returns: 'full' logits (default); 'argmax' when only the greedy token
   * is needed and the stage can take it on the device (then `logits` may be absent); 'top-k'
   * for the READBACK_TOP_K best scores (`top`), where the stage can select them without reading
   * back the logits, which it then keeps until the sequence changes (`fullLogits`). A stage
   * that cannot answers 'top-k' with the full logits.
   */
  logits?: LogitsReadback
}

export type LogitsReadback = 'full' | 'argmax' | 'top-k'

export interface StageOutput {
  hidden?: Float32Array
  /** [vocab], last position only (last stage). */
  logits?: Float32Array
  /** Greedy argmax of the last position, when the stage computed it on the device. */
  nextId?: number
  /** The best raw scores of the last position, for a 'top-k' request. */
  top?: TopLogits
}

export interface DecoderStage {
  readonly spec: StageSpec
  openSequence(): SequenceId
  forward(seq: SequenceId, input: StageInput): Promise<StageOutput>
  truncate(seq: SequenceId, length: number): void
  fork(seq: SequenceId): SequenceId
  cachedLength(seq: SequenceId): number
  /**
   * The full logits of the sequence's last forward when that answered 'top-k' with `top`; the
   * stage keeps them until the sequence's next forward, truncate or close.
   */
  fullLogits(seq: SequenceId): Promise<Float32Array>
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
  /**
   * Whether a gqa stage answers 'top-k' by selecting on the device; false downloads the logits
   * and selects on the host. Default: deviceTopKByDefault() (create-stage.ts).
   */
  deviceTopK?: boolean
}

/** WebGPU decoder graphs: gqa (fp32), gqa16 (fp16, needs shader-f16), devicekv (the old graph). */
export type WebGpuVariant = 'gqa' | 'gqa16' | 'devicekv'
