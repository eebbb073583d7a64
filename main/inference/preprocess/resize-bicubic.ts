// Antialiased bicubic resize of interleaved 8-bit RGB that reproduces Pillow's
// `Image.resize(size, BICUBIC)` bit for bit: separable passes (horizontal first), a=-0.5 cubic
// whose support widens by the scale when shrinking, coefficients normalised in double precision
// and then rounded to 22-bit fixed point, each pass rounded and clipped to uint8. For large
// images both passes run as WebAssembly SIMD (simd-resize.ts) with identical output; the JS
// passes here are the fallback and the reference the SIMD ones are tested against.
import { CLIP_LIMIT, computeCoefficients, HALF, PRECISION_BITS } from './resample-coefficients'
import type { ResampleCoefficients } from './resample-coefficients'
import { resizeRgbSimd } from './simd-resize'

export { computeCoefficients }
export type { ResampleCoefficients }

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
  /** Use the WebAssembly SIMD passes where available (default: for large inputs). */
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
  const simd = options.simd ?? width * height >= SIMD_MIN_PIXELS
  const viaSimd = simd ? resizeRgbSimd(rgb, width, height, outW, outH) : null
  if (viaSimd) return viaSimd
  const needHorizontal = width !== outW
  const needVertical = height !== outH
  const vertical = computeCoefficients(height, outH)
  // Only the source rows that the vertical pass reads are resampled horizontally.
  const rowFirst = vertical.first[0]
  const rowEnd = vertical.first[outH - 1] + vertical.count[outH - 1]
  let current = rgb
  let rowOffset = 0
  if (needHorizontal) {
    const rows = needVertical ? rowEnd - rowFirst : height
    rowOffset = needVertical ? rowFirst : 0
    current = new Uint8Array(rows * outW * 3)
    horizontalPass(rgb, width, rowOffset, rows, outW, computeCoefficients(width, outW), current)
  }
  if (!needVertical) return current
  const out = new Uint8Array(outW * outH * 3)
  verticalPass(current, outW, rowOffset, outH, vertical, out)
  return out
}
