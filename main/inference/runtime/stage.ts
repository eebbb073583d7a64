// The decoder stage contract (RUNTIME-CONTRACT.md): a contiguous run of layers on one device
// that owns its layers' KV cache per sequence and maps hidden states to hidden states (or to
// logits for the last stage). `createStage` picks the implementation for the device.
import type { ModelPackage } from '../package/model-package'
import { CpuStage } from './cpu-stage'
import { GqaStage } from './gqa-stage'
import type { CpuSessionSettings } from './session-options'
import { webgpuHasShaderF16 } from './webgpu-f16'
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

/** WebGPU decoder graphs: gqa (fp32), gqa16 (fp16, needs shader-f16), devicekv (the old graph). */
export type WebGpuVariant = 'gqa' | 'gqa16' | 'devicekv'

export interface CreateStageOptions extends CpuSessionSettings {
  /** Initial KV capacity per sequence in tokens (grows by doubling). */
  initialCapacity?: number
  /** WebGPU graph; default: gqa16 where the adapter has shader-f16, else gqa. */
  webgpuVariant?: WebGpuVariant
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
  if (spec.device.kind === 'webgpu') return createWebGpuStage(pkg, spec, options.webgpuVariant)
  return CpuStage.create(pkg, spec, await pkg.segmentGraph(from, to, 'hostkv'), options)
}

/**
 * The gqa graph, in fp16 where the adapter runs fp16 shaders. The old devicekv graph only
 * when asked for, or when the runtime cannot create the gqa session (a build without the
 * contrib kernels). Tests assert which stage they got.
 */
async function createWebGpuStage(
  pkg: ModelPackage,
  spec: StageSpec,
  requested: WebGpuVariant | undefined
): Promise<DecoderStage> {
  const [from, to] = spec.layers
  const variant = requested ?? ((await webgpuHasShaderF16()) ? 'gqa16' : 'gqa')
  if (variant === 'devicekv') {
    return WebGpuStage.create(pkg, spec, await pkg.segmentGraph(from, to, 'devicekv'))
  }
  const graph = await pkg.segmentGraph(from, to, variant)
  try {
    return await GqaStage.create(pkg, spec, variant, graph)
  } catch (error) {
    if (requested !== undefined) throw error
    return WebGpuStage.create(pkg, spec, await pkg.segmentGraph(from, to, 'devicekv'))
  }
}
