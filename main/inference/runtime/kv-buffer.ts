// Per-sequence host KV storage for one stage, read in place by the hostkv graph: per layer,
// keys transposed [heads, headDim, capacity] and values [heads, capacity, headDim].
// Capacity grows in steps of KV_GROWTH tokens, so appends are amortised O(new tokens) and the
// masked slack the graph reads stays under KV_GROWTH positions.
export const KV_GROWTH = 64

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
    const size = heads * capacity * headDim
    this.keys = Array.from({ length: layers }, () => new Float32Array(size))
    this.values = Array.from({ length: layers }, () => new Float32Array(size))
  }

  /** Graph input dims of a layer's key and value buffers. */
  get keyDims(): number[] {
    return [1, this.heads, this.headDim, this.capacity]
  }

  get valueDims(): number[] {
    return [1, this.heads, this.capacity, this.headDim]
  }

  private ensure(tokens: number): void {
    if (tokens <= this.capacity) return
    const next = Math.ceil(tokens / KV_GROWTH) * KV_GROWTH
    const { heads, headDim, capacity, length } = this
    // Both layouts are `rows` runs of `capacity`-strided data: keys have heads·hd rows of
    // positions, values have heads rows of positions·hd.
    const grow = (old: Float32Array, rows: number, width: number): Float32Array => {
      const bigger = new Float32Array(heads * next * headDim)
      for (let r = 0; r < rows; r++) {
        bigger.set(
          old.subarray(r * capacity * width, (r * capacity + length) * width),
          r * next * width
        )
      }
      return bigger
    }
    this.keys = this.keys.map((k) => grow(k, heads * headDim, 1))
    this.values = this.values.map((v) => grow(v, heads, headDim))
    this.capacity = next
  }

  /**
   * Appends `tokens` positions per layer from the graph's new_key [heads, hd, T] and
   * new_value [heads, T, hd].
   */
  append(
    newKeys: readonly Float32Array[],
    newValues: readonly Float32Array[],
    tokens: number
  ): void {
    this.ensure(this.length + tokens)
    if (tokens === 1) {
      this.appendOne(newKeys, newValues)
      return
    }
    const { heads, headDim, capacity, length } = this
    const block = tokens * headDim
    for (let l = 0; l < this.layers; l++) {
      const keys = this.keys[l]
      const values = this.values[l]
      for (let r = 0; r < heads * headDim; r++) {
        keys.set(newKeys[l].subarray(r * tokens, (r + 1) * tokens), r * capacity + length)
      }
      for (let h = 0; h < heads; h++) {
        values.set(
          newValues[l].subarray(h * block, (h + 1) * block),
          (h * capacity + length) * headDim
        )
      }
    }
    this.length += tokens
  }

  /**
   * The decode step: one key element per capacity-strided row is a scalar store (a
   * subarray+set per element costs ~1 ms per step over 8 layers), the value is one set per head.
   */
  private appendOne(newKeys: readonly Float32Array[], newValues: readonly Float32Array[]): void {
    const { heads, headDim, capacity, length } = this
    const rows = heads * headDim
    for (let l = 0; l < this.layers; l++) {
      const keys = this.keys[l]
      const values = this.values[l]
      const key = newKeys[l]
      const value = newValues[l]
      for (let r = 0, at = length; r < rows; r++, at += capacity) keys[at] = key[r]
      for (let h = 0; h < heads; h++) {
        values.set(
          value.subarray(h * headDim, (h + 1) * headDim),
          (h * capacity + length) * headDim
        )
      }
    }
    this.length += 1
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
