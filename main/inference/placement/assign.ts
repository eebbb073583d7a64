// Layer -> device assignment for the three automatic modes: accelerate-style filling by free
// memory (auto), llama.cpp --tensor-split ratios (split) and llama.cpp -ngl (gpu-layers).
import { PlacementError } from './errors'
import { formatBytes, headCost, layerCost, stageWorkBytes, sum, visionCost } from './accounting'
import type { ModelSizes } from './types'

export interface Slot {
  name: string
  /** The device's whole budget, and the part of it already taken (host embedding, a pinned
   *  vision tower); layers get the rest. */
  budget: number
  reserved: number
  isCpu: boolean
}

/**
 * accelerate `device_map="auto"` (ORT-RUNTIME.md §4.4): with two or more accelerators, every
 * accelerator but the last is capped at total/nAccel + 1.25 x the largest layer; the last one and
 * the CPU keep their whole room. Layers are the no-split blocks and fill devices in order; a
 * device that runs layers first reserves its working buffers; the head rides with the last layer.
 */
export function assignAuto(
  sizes: ModelSizes,
  slots: readonly Slot[],
  context: number,
  visionIsAuto: boolean
): string[] {
  const costs = sizes.layerWeightBytes.map((_, layer) => layerCost(sizes, layer, context))
  const total = sum(costs) + headCost(sizes) + (visionIsAuto ? visionCost(sizes) : 0)
  const buffer = 1.25 * Math.max(...costs)
  const accelerators = slots.filter((slot) => !slot.isCpu)
  const caps = slots.map((slot) => {
    const balanced = accelerators.length >= 2 && !slot.isCpu && slot !== accelerators.at(-1)
    const room = slot.budget - slot.reserved
    return balanced ? Math.min(room, total / accelerators.length + buffer) : room
  })
  const work = stageWorkBytes(sizes, context)
  const assignment: string[] = []
  let slot = 0
  let used = 0
  for (let layer = 0; layer < sizes.layers; layer += 1) {
    const last = layer === sizes.layers - 1
    for (;;) {
      const need = costs[layer] + (last ? headCost(sizes) : 0) + (used === 0 ? work : 0)
      if (used + need <= caps[slot]) {
        used += need
        break
      }
      if (slot === slots.length - 1) {
        const rest = sum(costs.slice(layer)) + headCost(sizes) + (used === 0 ? work : 0)
        const { name, reserved, budget } = slots[slot]
        throw shortOf(
          name,
          reserved + used + rest,
          budget,
          `layers ${layer}..${sizes.layers - 1} and the head`,
          context
        )
      }
      slot += 1
      used = 0
    }
    assignment.push(slots[slot].name)
  }
  return assignment
}

/**
 * llama.cpp split points: with cumulative proportions c_d, layer i (of n) goes to the first
 * device d with i/n < c_d. Integer arithmetic (i x S < n x C_d) keeps 1/3-style ratios exact.
 */
export function assignByRatios(
  names: readonly string[],
  ratios: readonly number[],
  count: number
): string[] {
  if (ratios.length !== names.length) {
    throw new PlacementError(
      'BAD_REQUEST',
      `--split has ${ratios.length} ratios for ${names.length} devices (${names.join(', ')})`
    )
  }
  if (ratios.some((ratio) => !Number.isFinite(ratio) || ratio < 0) || sum(ratios) <= 0) {
    throw new PlacementError(
      'BAD_REQUEST',
      `--split ratios must be non-negative and not all zero: ${ratios.join(',')}`
    )
  }
  const total = sum(ratios)
  const cumulative = ratios.map((_, d) => sum(ratios.slice(0, d + 1)))
  const assignment: string[] = []
  for (let i = 0; i < count; i += 1) {
    const d = cumulative.findIndex((c) => i * total < count * c)
    assignment.push(names[d === -1 ? names.length - 1 : d])
  }
  return assignment
}

/**
 * llama.cpp -ngl N offloads the LAST N repeating layers (i_gpu_start = n_layer - N, §4.3) so the
 * layers next to the output run on the GPU; the first L - N stay on the CPU. Our head is fused
 * into the last segment, so it is not counted as a layer: N = L puts the whole decoder on the
 * accelerators. N above L is clamped as llama.cpp does (-ngl 99).
 */
export function assignGpuLayers(
  layers: number,
  gpuLayers: number,
  accelerators: readonly Slot[],
  cpuName: string,
  ratios: readonly number[] | undefined
): string[] {
  if (!Number.isInteger(gpuLayers) || gpuLayers < 0) {
    throw new PlacementError(
      'BAD_REQUEST',
      `--gpu-layers must be a whole number >= 0, got ${gpuLayers}`
    )
  }
  const offloaded = Math.min(gpuLayers, layers)
  if (offloaded > 0 && accelerators.length === 0) {
    throw new PlacementError(
      'BAD_REQUEST',
      `--gpu-layers ${gpuLayers} needs a GPU device, and none is selected`
    )
  }
  const shares = ratios ?? accelerators.map((slot) => Math.max(slot.budget - slot.reserved, 0))
  const onGpus =
    offloaded > 0
      ? assignByRatios(
          accelerators.map((slot) => slot.name),
          sum(shares) > 0 ? shares : accelerators.map(() => 1),
          offloaded
        )
      : []
  return [...Array<string>(layers - offloaded).fill(cpuName), ...onGpus]
}

export function shortOf(
  device: string,
  needed: number,
  budget: number,
  what: string,
  context: number
): PlacementError {
  return new PlacementError(
    'DOES_NOT_FIT',
    `the model does not fit: ${device} runs short by ${formatBytes(needed - budget)} ` +
      `(needs ${formatBytes(needed)} for ${what} at context ${context}, has ${formatBytes(budget)})`,
    { device, neededBytes: needed, budgetBytes: budget }
  )
}
