// Pillow's antialiased bicubic filter as fixed-point weights: an a=-0.5 cubic whose support
// widens by the scale when shrinking, normalised per output sample in double precision and
// rounded to 22-bit fixed point (Resample.c, precompute_coeffs and normalize_coeffs_8bpc).
export const PRECISION_BITS = 32 - 8 - 2
const ONE = 1 << PRECISION_BITS
export const HALF = 1 << (PRECISION_BITS - 1)
export const CLIP_LIMIT = ONE * 256
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
