// Storage transforms applied by the converter: [out,in] → [in,out] transposes for MatMul,
// float32 → float16 rounding, and symmetric 4-bit block quantisation in the layout of
// com.microsoft.MatMulNBits (B [N, blocks, block/2] uint8, low nibble first; scales [N, blocks];
// no zero_points input, so the op's default zero point 8 applies).

/** Output rows per chunk of the streaming transposes (~16 MiB of output at 4096 wide). */
const CHUNK_ROWS = 1024

/**
 * Row-major [rows, cols] → [cols, rows], yielded as chunks of whole output rows (float32, or
 * float16 bits) so a large matrix is never held twice.
 */
export function* transposeChunks(
  src: Float32Array,
  rows: number,
  cols: number,
  half: boolean
): Generator<Uint8Array> {
  const step = Math.max(1, Math.floor((CHUNK_ROWS * 4096) / Math.max(rows, 1)))
  for (let c0 = 0; c0 < cols; c0 += step) {
    const c1 = Math.min(cols, c0 + step)
    const out = half ? new Uint16Array((c1 - c0) * rows) : new Float32Array((c1 - c0) * rows)
    for (let r = 0; r < rows; r++) {
      const base = r * cols
      for (let c = c0; c < c1; c++) {
        const v = src[base + c]
        out[(c - c0) * rows + r] = half ? toHalfBits(v) : v
      }
    }
    yield new Uint8Array(out.buffer)
  }
}

/** Row-major [rows, cols] → [cols, rows] in one array. */
export function transpose2d(src: Float32Array, rows: number, cols: number): Float32Array {
  const parts = [...transposeChunks(src, rows, cols, false)]
  const out = new Float32Array(src.length)
  let at = 0
  for (const p of parts) {
    out.set(new Float32Array(p.buffer), at)
    at += p.byteLength / 4
  }
  return out
}

/** float32 → float16 bits in chunks of 4M values. */
export function* halfChunks(src: Float32Array): Generator<Uint8Array> {
  const step = 1 << 22
  for (let at = 0; at < src.length; at += step) {
    const part = src.subarray(at, Math.min(src.length, at + step))
    const out = new Uint16Array(part.length)
    for (let i = 0; i < part.length; i++) out[i] = toHalfBits(part[i])
    yield new Uint8Array(out.buffer)
  }
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

export interface Int4Blocks {
  /** [N, blocks, blockSize/2] */
  packed: Uint8Array
  /** [N, blocks] float32 */
  scales: Float32Array
  blocks: number
}

/** Candidate shrink factors of the absmax scale; the one with the least squared error wins. */
const SCALE_FACTORS = [1, 0.95, 0.9, 0.85, 0.8, 0.75]

/**
 * Quantises a Linear weight stored [N=out, K=in] (row n = output feature) per block of
 * `blockSize` consecutive K values: q = clamp(round(w / scale), -8, 7) + 8. The scale is
 * extreme / -8 (the largest magnitude maps exactly to -8), shrunk by the factor from
 * SCALE_FACTORS that minimises the block's squared error. K is zero-padded (q = 8) to whole blocks.
 */
export function quantizeInt4(w: Float32Array, n: number, k: number, blockSize: number): Int4Blocks {
  const blocks = Math.ceil(k / blockSize)
  const half = blockSize / 2
  const packed = new Uint8Array(n * blocks * half)
  const scales = new Float32Array(n * blocks)
  const level = (value: number, inverse: number): number =>
    Math.min(15, Math.max(0, Math.round(value * inverse) + 8))
  for (let row = 0; row < n; row++) {
    for (let blk = 0; blk < blocks; blk++) {
      const start = row * k + blk * blockSize
      const end = row * k + Math.min(k, (blk + 1) * blockSize)
      let extreme = 0
      for (let i = start; i < end; i++) if (Math.abs(w[i]) > Math.abs(extreme)) extreme = w[i]
      let scale = extreme / -8
      let bestError = Infinity
      for (const factor of SCALE_FACTORS) {
        const candidate = Math.fround((extreme / -8) * factor)
        const inverse = candidate === 0 ? 0 : 1 / candidate
        let error = 0
        for (let i = start; i < end; i++)
          error += (w[i] - (level(w[i], inverse) - 8) * candidate) ** 2
        if (error < bestError) {
          bestError = error
          scale = candidate
        }
      }
      scales[row * blocks + blk] = scale
      const inverse = scale === 0 ? 0 : 1 / scale
      const base = (row * blocks + blk) * half
      for (let j = 0; j < blockSize; j++) {
        const i = start + j
        const q = i < end ? level(w[i], inverse) : 8
        packed[base + (j >> 1)] |= (j & 1) === 0 ? q : q << 4
      }
    }
  }
  return { packed, scales, blocks }
}
