// Refuses a plan that puts a weight tensor on a device whose largest buffer is smaller than it
// (a WebGPU adapter's maxBufferSize): ONNX Runtime would fail only when it allocates the tensor,
// after the other stages have loaded. Checked per part (decoder layer, head, vision tower).
import { formatBytes } from './accounting'
import { PlacementError } from './errors'
import type { BufferLimit, ModelSizes, PlannedStage, TensorSize } from './types'

export interface PlacedParts {
  stages: readonly PlannedStage[]
  head: string
  vision: string
}

export function checkBufferLimits(
  sizes: ModelSizes,
  parts: PlacedParts,
  limits: ReadonlyMap<string, BufferLimit>
): void {
  const largest = sizes.largestTensors
  if (!largest) return
  const check = (device: string, tensor: TensorSize | null, what: string): void => {
    const limit = limits.get(device)
    if (!tensor || !limit || tensor.bytes <= limit.bytes) return
    throw new PlacementError(
      'DOES_NOT_FIT',
      `${what} cannot go on ${device}: its tensor ${tensor.name} takes ${formatBytes(tensor.bytes)} ` +
        `(${tensor.bytes} bytes), more than the adapter's largest buffer (maxBufferSize ` +
        `${formatBytes(limit.bytes)}, ${limit.bytes} bytes, from ${limit.source})`
    )
  }
  for (const stage of parts.stages)
    for (let layer = stage.layers[0]; layer < stage.layers[1]; layer++)
      check(stage.device, largest.layers[layer] ?? null, `decoder layer ${layer}`)
  check(parts.head, largest.head, 'the head (ln_f + lm_head)')
  check(parts.vision, largest.vision, 'the vision tower')
}
