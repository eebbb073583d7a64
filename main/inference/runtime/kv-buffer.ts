// Per-sequence host KV storage for one stage: one head-major Float32Array per layer and K/V
// ([heads, capacity, headDim]) that the graph reads in place as [1,heads,capacity,hd].
// Capacity grows in steps of GROWTH tokens, so appends are amortised O(new tokens) and the
// masked slack the graph reads stays under GROWTH positions.
export const KV_GROWTH = 256

export class KvBuffer {
  keys: Float32Array[]
  values: Float32Array[]
  length = 0
  capacity: number

  constructor(
    readonly layers: number,
    readonly heads: number,
    readonly headDim: number,
    capacity = 0
  ) {
    this.capacity = capacity
    this.keys = Array.from({ length: layers }, () => new Float32Array(heads * capacity * headDim))
    this.values = Array.from({ length: layers }, () => new Float32Array(heads * capacity * headDim))
  }

  private ensure(tokens: number): void {
    if (tokens <= this.capacity) return
    const next = Math.ceil(tokens / KV_GROWTH) * KV_GROWTH
    const { heads, headDim } = this
    const used = this.length * headDim
    const grow = (old: Float32Array): Float32Array => {
      const bigger = new Float32Array(heads * next * headDim)
      for (let h = 0; h < heads; h++) {
        const from = h * this.capacity * headDim
        bigger.set(old.subarray(from, from + used), h * next * headDim)
      }
      return bigger
    }
    this.keys = this.keys.map(grow)
    this.values = this.values.map(grow)
    this.capacity = next
  }

  /** Appends `tokens` positions per layer from the graph's new_key/new_value [heads, T, hd]. */
  append(
    newKeys: readonly Float32Array[],
    newValues: readonly Float32Array[],
    tokens: number
  ): void {
    this.ensure(this.length + tokens)
    const { heads, headDim, capacity } = this
    const block = tokens * headDim
    for (let l = 0; l < this.layers; l++) {
      for (let h = 0; h < heads; h++) {
        const at = (h * capacity + this.length) * headDim
        this.keys[l].set(newKeys[l].subarray(h * block, (h + 1) * block), at)
        this.values[l].set(newValues[l].subarray(h * block, (h + 1) * block), at)
      }
    }
    this.length += tokens
  }

  truncate(length: number): void {
    this.length = Math.min(this.length, Math.max(0, length))
  }

  clone(): KvBuffer {
    const copy = new KvBuffer(this.layers, this.heads, this.headDim, this.capacity)
    this.keys.forEach((k, l) => copy.keys[l].set(k))
    this.values.forEach((v, l) => copy.values[l].set(v))
    copy.length = this.length
    return copy
  }
}

/**
 * Widens attn_bias [T, P+T] to the graph's [T, capacity+T]: cached columns as given, unused
 * capacity slots masked, then the new-token columns.
 */
export function widenBias(
  bias: Float32Array,
  tokens: number,
  past: number,
  capacity: number,
  masked: number
): Float32Array {
  if (capacity === past) return bias
  const inWidth = past + tokens
  const outWidth = capacity + tokens
  const out = new Float32Array(tokens * outWidth)
  for (let t = 0; t < tokens; t++) {
    const src = t * inWidth
    const dst = t * outWidth
    out.set(bias.subarray(src, src + past), dst)
    out.fill(masked, dst + past, dst + capacity)
    out.set(bias.subarray(src + past, src + inWidth), dst + capacity)
  }
  return out
}
