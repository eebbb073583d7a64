// Byte accounting of one placement: what each layer, the head, the vision tower and the working
// buffers cost on a device at a given context. Formulas are documented so tests can recompute
// them by hand.
import type { ModelSizes } from './types'

/** Prefill is run in chunks of at most this many tokens; working buffers are sized for one. */
export const PREFILL_CHUNK = 512

/** KV cache of one layer at `context` tokens: K and V, heads x headDim each. */
export function layerKvBytes(sizes: ModelSizes, context: number): number {
  return 2 * context * sizes.heads * sizes.headDim * sizes.kvElementBytes
}

/** Weights plus KV of one decoder layer: the no-split block of this model. */
export function layerCost(sizes: ModelSizes, layer: number, context: number): number {
  return sizes.layerWeightBytes[layer] + layerKvBytes(sizes, context)
}

/**
 * Working buffers of a device that runs decoder layers, for one prefill chunk C = min(context,
 * 512): float32 activations C x (4 x hidden + 2 x mlpWidth) plus one layer's attention scores
 * heads x C x context (ORT materialises them), all float32.
 */
export function stageWorkBytes(sizes: ModelSizes, context: number): number {
  const chunk = Math.min(context, PREFILL_CHUNK)
  const activations = chunk * (4 * sizes.hidden + 2 * sizes.mlpWidth)
  const scores = sizes.heads * chunk * context
  return 4 * (activations + scores)
}

/** The head's weights plus its float32 logits row. */
export function headCost(sizes: ModelSizes): number {
  return sizes.headBytes + 4 * sizes.vocab
}

export function visionCost(sizes: ModelSizes): number {
  return sizes.visionBytes + sizes.visionWorkBytes
}

export function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0)
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = 0
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(2)} ${units[unit]}`
}
