// Float64 building blocks of the reference model (MODEL-SPEC §3-§5), written for clarity, not
// speed: row-major matrices as flat Float64Arrays, one plain loop per formula.

/** erf to ~1e-15: Taylor series near 0, continued fraction for erfc in the tails. */
export function erf(x: number): number {
  const ax = Math.abs(x)
  if (ax < 3) {
    // erf(x) = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))
    let term = ax
    let sum = ax
    for (let n = 1; n < 200; n++) {
      term *= (-ax * ax) / n
      const add = term / (2 * n + 1)
      sum += add
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break
    }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum
  }
  // erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
  let fraction = ax
  for (let k = 80; k >= 1; k--) fraction = ax + k / 2 / fraction
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / fraction
  return Math.sign(x) * (1 - erfc)
}

/** Exact (erf) GELU, as nn.GELU() and HF "gelu". */
export function gelu(x: number): number {
  return 0.5 * x * (1 + erf(x / Math.SQRT2))
}

export function silu(x: number): number {
  return x / (1 + Math.exp(-x))
}

/** y = x W^T + b for x [rows, inWidth], W [outWidth, inWidth] (torch Linear layout). */
export function linear(
  x: Float64Array,
  rows: number,
  weight: Float64Array,
  bias: Float64Array | undefined,
  outWidth: number
): Float64Array {
  const inWidth = weight.length / outWidth
  const y = new Float64Array(rows * outWidth)
  for (let r = 0; r < rows; r++) {
    const xOffset = r * inWidth
    for (let o = 0; o < outWidth; o++) {
      const wOffset = o * inWidth
      let sum = bias ? bias[o] : 0
      for (let i = 0; i < inWidth; i++) sum += x[xOffset + i] * weight[wOffset + i]
      y[r * outWidth + o] = sum
    }
  }
  return y
}

/** LayerNorm over the last dim: (x - mean) / sqrt(var + eps) * w + b, biased variance. */
export function layerNorm(
  x: Float64Array,
  width: number,
  weight: Float64Array,
  bias: Float64Array,
  eps: number
): Float64Array {
  const y = new Float64Array(x.length)
  for (let at = 0; at < x.length; at += width) {
    let mean = 0
    for (let i = 0; i < width; i++) mean += x[at + i]
    mean /= width
    let variance = 0
    for (let i = 0; i < width; i++) variance += (x[at + i] - mean) ** 2
    variance /= width
    const scale = 1 / Math.sqrt(variance + eps)
    for (let i = 0; i < width; i++) y[at + i] = (x[at + i] - mean) * scale * weight[i] + bias[i]
  }
  return y
}

/** Qwen RMSNorm: x / sqrt(mean(x^2) + eps) * w. */
export function rmsNorm(
  x: Float64Array,
  width: number,
  weight: Float64Array,
  eps: number
): Float64Array {
  const y = new Float64Array(x.length)
  for (let at = 0; at < x.length; at += width) {
    let meanSquare = 0
    for (let i = 0; i < width; i++) meanSquare += x[at + i] ** 2
    meanSquare /= width
    const scale = 1 / Math.sqrt(meanSquare + eps)
    for (let i = 0; i < width; i++) y[at + i] = x[at + i] * scale * weight[i]
  }
  return y
}

/** Numerically stable softmax of values[0..length) in place. */
export function softmaxInPlace(values: Float64Array, length = values.length): void {
  let max = -Infinity
  for (let i = 0; i < length; i++) max = Math.max(max, values[i])
  let sum = 0
  for (let i = 0; i < length; i++) {
    values[i] = Math.exp(values[i] - max)
    sum += values[i]
  }
  for (let i = 0; i < length; i++) values[i] /= sum
}

export function addInPlace(target: Float64Array, other: Float64Array): void {
  for (let i = 0; i < target.length; i++) target[i] += other[i]
}

/**
 * Multi-head attention: heads are contiguous headDim-wide slices of q [qRows, width] and
 * k, v [kRows, width]. Scores are scaled by `scale`; with `causalOffset` set, query i sees keys
 * 0..causalOffset+i only.
 */
export function attention(
  q: Float64Array,
  k: Float64Array,
  v: Float64Array,
  qRows: number,
  kRows: number,
  heads: number,
  headDim: number,
  scale: number,
  causalOffset?: number
): Float64Array {
  const width = heads * headDim
  const out = new Float64Array(qRows * width)
  const scores = new Float64Array(kRows)
  for (let h = 0; h < heads; h++) {
    const c = h * headDim
    for (let i = 0; i < qRows; i++) {
      const visible = causalOffset === undefined ? kRows : Math.min(kRows, causalOffset + i + 1)
      for (let j = 0; j < visible; j++) {
        let dot = 0
        for (let d = 0; d < headDim; d++) dot += q[i * width + c + d] * k[j * width + c + d]
        scores[j] = dot * scale
      }
      softmaxInPlace(scores, visible)
      for (let j = 0; j < visible; j++) {
        const p = scores[j]
        for (let d = 0; d < headDim; d++) out[i * width + c + d] += p * v[j * width + c + d]
      }
    }
  }
  return out
}

/** Dynamic NTK alpha from the prefill length (MODEL-SPEC §5). */
export function ntkAlpha(prefillLength: number, seqLength: number): number {
  const context = Math.log2(prefillLength / seqLength) + 1
  return Math.max(2 ** Math.ceil(context) - 1, 1)
}

/** Rotary base after NTK scaling: base * alpha^(d/(d-2)). */
export function rotaryBase(base: number, alpha: number, headDim: number): number {
  return base * alpha ** (headDim / (headDim - 2))
}

/**
 * Rotary embedding, GPT-NeoX half-split: with angle_j = pos / base^(2j/d) for j < d/2,
 * out[j] = x[j] cos - x[j+d/2] sin and out[j+d/2] = x[j+d/2] cos + x[j] sin.
 */
export function rotate(
  vector: Float64Array,
  offset: number,
  headDim: number,
  position: number,
  base: number
): void {
  const half = headDim / 2
  for (let j = 0; j < half; j++) {
    const angle = position / base ** ((2 * j) / headDim)
    const cos = Math.cos(angle)
    const sin = Math.sin(angle)
    const a = vector[offset + j]
    const b = vector[offset + j + half]
    vector[offset + j] = a * cos - b * sin
    vector[offset + j + half] = b * cos + a * sin
  }
}

/** logn query multiplier for absolute position p, applied only when keys exceed seqLength. */
export function lognFactor(position: number, totalKeys: number, seqLength: number): number {
  if (totalKeys <= seqLength) return 1
  return Math.max(1, Math.log(position + 1) / Math.log(seqLength))
}
