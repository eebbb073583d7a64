// Opens a decoder stage on its device: the stage kind of the device's backend picks the
// implementation (host-KV, gqa device-KV, or the older devicekv) and the graph it runs.
import { backendOf } from '../devices/backends/registry'
import { isSoftwareVulkan } from '../devices/webgpu-env'
import { segmentGraph } from '../onnx/segment-graph'
import type { ModelPackage } from '../package/model-package'
import { CpuStage } from './cpu-stage'
import { GqaStage } from './gqa-stage'
import type { CreateStageOptions, DecoderStage, StageSpec } from './stage'
import { webgpuHasShaderF16 } from './webgpu-f16'
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
  if (kind === 'gqa') return createGqaStage(pkg, spec, options)
  const graph = await segmentGraph(pkg, from, to, kind)
  return kind === 'devicekv'
    ? WebGpuStage.create(pkg, spec, graph)
    : CpuStage.create(pkg, spec, graph, options)
}

/** ORT's words when a graph needs a kernel the runtime does not have. */
const MISSING_KERNEL =
  /Could not find an implementation|not a registered function\/op|Unrecognized attribute|No opset import for domain 'com\.microsoft'/

/**
 * The gqa graph, in fp16 where the adapter runs fp16 shaders. The old devicekv graph only
 * when asked for, or when the runtime lacks one of the gqa graph's contrib kernels; any other
 * failure is the caller's to see.
 */
async function createGqaStage(
  pkg: ModelPackage,
  spec: StageSpec,
  options: CreateStageOptions
): Promise<DecoderStage> {
  const requested = options.webgpuVariant
  const [from, to] = spec.layers
  const variant = requested ?? ((await webgpuHasShaderF16()) ? 'gqa16' : 'gqa')
  const devicekv = async (): Promise<DecoderStage> =>
    WebGpuStage.create(pkg, spec, await segmentGraph(pkg, from, to, 'devicekv'))
  if (variant === 'devicekv') return devicekv()
  const graph = await segmentGraph(pkg, from, to, variant)
  try {
    return await GqaStage.create(pkg, spec, variant, graph, {
      deviceTopK: options.deviceTopK ?? deviceTopKByDefault()
    })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    if (requested !== undefined || !MISSING_KERNEL.test(message)) throw error
    return devicekv()
  }
}

/**
 * Device top-K selection pays where reading back the vocabulary costs a bus transfer and a
 * second session run. On a software adapter (SwiftShader) the device's memory is the host's and
 * its shared-memory sorts are emulated: measured slower than the download there.
 */
export function deviceTopKByDefault(env: NodeJS.ProcessEnv = process.env): boolean {
  return !isSoftwareVulkan(env)
}
