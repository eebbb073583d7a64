// Storage transforms applied by the converter: [out,in] → [in,out] transposes for MatMul,
// float32 → float16 rounding, and symmetric 4-bit block quantisation in the layout of
// com.microsoft.MatMulNBits (B [N, blocks, block/2] uint8, low nibble first; scales [N, blocks];
// no zero_points input, so the op's default zero point 8 applies).

/** Row-major [rows, cols] → [cols, rows]. */
export function transpose2d(src: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(src.length)
  const tile = 64
  for (let r0 = 0; r0 < rows; r0 += tile) {
    for (let c0 = 0; c0 < cols; c0 += tile) {
      const rEnd = Math.min(rows, r0 + tile)
      const cEnd = Math.min(cols, c0 + tile)
      for (let r = r0; r < rEnd; r++) {
        for (let c = c0; c < cEnd; c++) out[c * rows + r] = src[r * cols + c]
      }
    }
  }
  return out
}

const f32 = new Float32Array(1)
const u32 = new Uint32Array(f32.buffer)

/** IEEE half from a float, round to nearest even (overflow → ±inf). */
export function toHalfBits(value: number): number {
  f32[0] = value
  const x = u32[0]
  const sign = (x >>> 16) & 0x8000
  const exp = (x >>> 23) & 0xff
  let mant = x & 0x7fffff
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 : 0)
  const e = exp - 127 + 15
  if (e >= 0x1f) return sign | 0x7c00
  if (e <= 0) {
    if (e < -10) return sign
    mant |= 0x800000
    const shift = 14 - e
    const half = mant >>> shift
    const rest = mant & ((1 << shift) - 1)
    const mid = 1 << (shift - 1)
    return sign | (half + (rest > mid || (rest === mid && (half & 1) === 1) ? 1 : 0))
  }
  const half = (e << 10) | (mant >>> 13)
  const rest = mant & 0x1fff
  const rounded = half + (rest > 0x1000 || (rest === 0x1000 && (half & 1) === 1) ? 1 : 0)
  return sign | rounded
}

export function toFloat16(src: Float32Array): Uint16Array {
  const out = new Uint16Array(src.length)
  for (let i = 0; i < src.length; i++) out[i] = toHalfBits(src[i])
  return out
}

export interface Int4Blocks {
  /** [N, blocks, blockSize/2] */
  packed: Uint8Array
  /** [N, blocks] float32 */
  scales: Float32Array
  blocks: number
}

/**
 * Quantises a Linear weight stored [N=out, K=in] (row n = output feature) per block of
 * `blockSize` consecutive K values: q = clamp(round(w / scale), -8, 7) + 8 with
 * scale = absmax / 8 sign-adjusted so the largest magnitude maps exactly to -8.
 * K is zero-padded (q = 8) up to a whole number of blocks.
 */
export function quantizeInt4(w: Float32Array, n: number, k: number, blockSize: number): Int4Blocks {
  const blocks = Math.ceil(k / blockSize)
  const half = blockSize / 2
  const packed = new Uint8Array(n * blocks * half)
  const scales = new Float32Array(n * blocks)
  for (let row = 0; row < n; row++) {
    for (let blk = 0; blk < blocks; blk++) {
      const start = row * k + blk * blockSize
      const end = row * k + Math.min(k, (blk + 1) * blockSize)
      let extreme = 0
      for (let i = start; i < end; i++) if (Math.abs(w[i]) > Math.abs(extreme)) extreme = w[i]
      const scale = extreme / -8
      scales[row * blocks + blk] = scale
      const inverse = scale === 0 ? 0 : 1 / scale
      const base = (row * blocks + blk) * half
      for (let j = 0; j < blockSize; j++) {
        const i = start + j
        const q = i < end ? Math.min(15, Math.max(0, Math.round(w[i] * inverse) + 8)) : 8
        packed[base + (j >> 1)] |= (j & 1) === 0 ? q : q << 4
      }
    }
  }
  return { packed, scales, blocks }
}
