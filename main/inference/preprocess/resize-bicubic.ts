// Antialiased bicubic resize of interleaved 8-bit RGB that reproduces Pillow's
// `Image.resize(size, BICUBIC)` bit for bit: separable passes (horizontal first), a=-0.5 cubic
// whose support widens by the scale when shrinking, coefficients normalised in double precision
// and then rounded to 22-bit fixed point, each pass rounded and clipped to uint8. For large
// images the horizontal pass runs as WebAssembly SIMD (simd-horizontal.ts) with identical output.
import { horizontalPassSimd } from './simd-horizontal'

const PRECISION_BITS = 32 - 8 - 2
const ONE = 1 << PRECISION_BITS
const HALF = 1 << (PRECISION_BITS - 1)
const CLIP_LIMIT = ONE * 256
const CUBIC_SUPPORT = 2

function bicubicWeight(distance: number): number {
  const a = -0.5
  const x = distance < 0 ? -distance : distance
  if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1
  if (x < 2) return (((x - 5) * x + 8) * x - 4) * a
  return 0
}

/** Per output position: first input index, tap count, and `taps` fixed-point weights. */
export interface ResampleCoefficients {
  taps: number
  first: Int32Array
  count: Int32Array
  weights: Int32Array
}

export function computeCoefficients(inSize: number, outSize: number): ResampleCoefficients {
  const scale = inSize / outSize
  const filterScale = scale < 1 ? 1 : scale
  const support = CUBIC_SUPPORT * filterScale
  const taps = Math.ceil(support) * 2 + 1
  const first = new Int32Array(outSize)
  const count = new Int32Array(outSize)
  const weights = new Int32Array(outSize * taps)
  const raw = new Float64Array(taps)
  const inverseScale = 1 / filterScale
  for (let out = 0; out < outSize; out++) {
    const center = (out + 0.5) * scale
    // Pillow truncates toward zero (C int cast) after adding 0.5.
    const low = Math.max(0, Math.trunc(center - support + 0.5))
    const high = Math.min(inSize, Math.trunc(center + support + 0.5))
    const n = high - low
    let sum = 0
    for (let i = 0; i < n; i++) {
      const w = bicubicWeight((i + low - center + 0.5) * inverseScale)
      raw[i] = w
      sum += w
    }
    for (let i = 0; i < n; i++) {
      const w = sum !== 0 ? raw[i] / sum : raw[i]
      weights[out * taps + i] = Math.trunc(w < 0 ? -0.5 + w * ONE : 0.5 + w * ONE)
    }
    first[out] = low
    count[out] = n
  }
  return { taps, first, count, weights }
}

function clip8(sum: number): number {
  if (sum >= CLIP_LIMIT) return 255
  if (sum <= 0) return 0
  return sum >> PRECISION_BITS
}

// Resamples rows [rowStart, rowStart + rows) of `src` horizontally into `dst` (rows x outW).
function horizontalPass(
  src: Uint8Array,
  inW: number,
  rowStart: number,
  rows: number,
  outW: number,
  c: ResampleCoefficients,
  dst: Uint8Array
): void {
  const { taps, first, count, weights } = c
  let o = 0
  for (let y = 0; y < rows; y++) {
    const rowBase = (rowStart + y) * inW * 3
    for (let x = 0; x < outW; x++) {
      const n = count[x]
      let k = x * taps
      let p = rowBase + first[x] * 3
      let s0 = HALF
      let s1 = HALF
      let s2 = HALF
      for (let i = 0; i < n; i++) {
        const w = weights[k++]
        s0 += src[p] * w
        s1 += src[p + 1] * w
        s2 += src[p + 2] * w
        p += 3
      }
      dst[o] = clip8(s0)
      dst[o + 1] = clip8(s1)
      dst[o + 2] = clip8(s2)
      o += 3
    }
  }
}

// Resamples `src` (width w, rows indexed from `rowOffset`) vertically into outH rows.
function verticalPass(
  src: Uint8Array,
  w: number,
  rowOffset: number,
  outH: number,
  c: ResampleCoefficients,
  dst: Uint8Array
): void {
  const { taps, first, count, weights } = c
  const stride = w * 3
  let o = 0
  for (let y = 0; y < outH; y++) {
    const n = count[y]
    const k0 = y * taps
    const base = (first[y] - rowOffset) * stride
    for (let x = 0; x < stride; x++) {
      let s = HALF
      let p = base + x
      for (let i = 0; i < n; i++) {
        s += src[p] * weights[k0 + i]
        p += stride
      }
      dst[o++] = clip8(s)
    }
  }
}

export interface ResizeOptions {
  /** Use the WebAssembly SIMD horizontal pass where available (default: for large inputs). */
  simd?: boolean
}

// Below this many source pixels, setting up the WebAssembly memory costs more than it saves.
const SIMD_MIN_PIXELS = 256 * 256

/**
 * Resizes interleaved RGB (3 bytes per pixel) to outW x outH exactly as Pillow 9's
 * `resize((outW, outH), Image.BICUBIC)` does for an RGB image.
 */
export function resizeBicubic(
  rgb: Uint8Array,
  width: number,
  height: number,
  outW: number,
  outH: number,
  options: ResizeOptions = {}
): Uint8Array {
  if (rgb.length !== width * height * 3) {
    throw new RangeError(`resizeBicubic: expected ${width * height * 3} bytes, got ${rgb.length}`)
  }
  if (width === outW && height === outH) return rgb.slice()
  const needHorizontal = width !== outW
  const needVertical = height !== outH
  const vertical = computeCoefficients(height, outH)
  // Only the source rows that the vertical pass reads are resampled horizontally.
  const rowFirst = vertical.first[0]
  const rowEnd = vertical.first[outH - 1] + vertical.count[outH - 1]
  let current = rgb
  let rowOffset = 0
  if (needHorizontal) {
    const horizontal = computeCoefficients(width, outW)
    const rows = needVertical ? rowEnd - rowFirst : height
    const start = needVertical ? rowFirst : 0
    const simd = options.simd ?? width * rows >= SIMD_MIN_PIXELS
    const viaSimd = simd
      ? horizontalPassSimd({
          src: rgb,
          rowStart: start,
          rows,
          stride: width * 3,
          outW,
          ...horizontal
        })
      : null
    if (viaSimd) {
      current = viaSimd
    } else {
      current = new Uint8Array(rows * outW * 3)
      horizontalPass(rgb, width, start, rows, outW, horizontal, current)
    }
    rowOffset = start
  }
  if (!needVertical) return current
  const out = new Uint8Array(outW * outH * 3)
  verticalPass(current, outW, rowOffset, outH, vertical, out)
  return out
}
