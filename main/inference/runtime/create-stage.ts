// Opens a decoder stage on its device: the stage kind of the device's backend picks the
// implementation (host-KV or device-KV) and the segment graph variant it runs.
import { backendOf } from '../devices/backends/registry'
import { segmentGraph } from '../onnx/segment-graph'
import type { ModelPackage } from '../package/model-package'
import { CpuStage } from './cpu-stage'
import type { CreateStageOptions, DecoderStage, StageSpec } from './stage'
import { WebGpuStage } from './webgpu-stage'

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
  const graph = await segmentGraph(pkg, from, to, kind)
  return kind === 'devicekv'
    ? WebGpuStage.create(pkg, spec, graph)
    : CpuStage.create(pkg, spec, graph, options)
}
