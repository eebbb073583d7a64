// Host-side per-step decoder inputs (MODEL-SPEC §5): rotary cos/sin tables for absolute
// positions with the dynamic-NTK base, logn query scaling, and the additive causal mask.
// Pure functions; values computed in float64 and rounded once to float32.

/** Qwen's dynamic NTK alpha, fixed per generate() call from the prefill length. */
export function ntkAlpha(prefillLength: number, seqLength: number, useDynamicNtk: boolean): number {
  if (!useDynamicNtk || prefillLength <= 0) return 1
  const context = Math.log2(prefillLength / seqLength) + 1
  return Math.max(2 ** Math.ceil(context) - 1, 1)
}

/** Rotary base scaled by alpha^(d/(d-2)). */
export function effectiveRotaryBase(base: number, alpha: number, headDim: number): number {
  return base * alpha ** (headDim / (headDim - 2))
}

/** cos/sin [count, headDim] for positions start..start+count-1, half-split (NeoX) layout. */
export function ropeTables(
  start: number,
  count: number,
  headDim: number,
  base: number
): { cos: Float32Array; sin: Float32Array } {
  const half = headDim / 2
  const cos = new Float32Array(count * headDim)
  const sin = new Float32Array(count * headDim)
  for (let j = 0; j < half; j++) {
    const invFreq = 1 / base ** ((2 * j) / headDim)
    for (let t = 0; t < count; t++) {
      const angle = (start + t) * invFreq
      const c = Math.cos(angle)
      const s = Math.sin(angle)
      cos[t * headDim + j] = c
      cos[t * headDim + j + half] = c
      sin[t * headDim + j] = s
      sin[t * headDim + j + half] = s
    }
  }
  return { cos, sin }
}

/**
 * logn multiplier per query position: max(1, ln(p+1)/ln(seqLength)) for absolute position p,
 * applied only when the total key length exceeds seqLength (and logn is enabled).
 */
export function lognScales(
  start: number,
  count: number,
  seqLength: number,
  useLognAttn: boolean
): Float32Array {
  const out = new Float32Array(count).fill(1)
  const totalKeys = start + count
  if (!useLognAttn || totalKeys <= seqLength) return out
  for (let t = 0; t < count; t++) {
    out[t] = Math.max(1, Math.log(start + t + 1) / Math.log(seqLength))
  }
  return out
}

/** Large negative used for masked scores (float32 lowest, as Hugging Face does). */
export const MASKED = -3.4028234663852886e38

/** attn_bias [1,1,count,start+count]: new token t sees every cached key and new keys ≤ t. */
export function causalBias(start: number, count: number): Float32Array {
  const total = start + count
  const bias = new Float32Array(count * total)
  for (let t = 0; t < count; t++) {
    bias.fill(MASKED, t * total + start + t + 1, (t + 1) * total)
  }
  return bias
}

export interface PositionArch {
  headDim: number
  rotaryBase: number
  seqLength: number
  useLognAttn: boolean
}

/**
 * What stepPositions built a step's tables from. The tables of any first rows of that step are
 * stepPositions(arch, start, rows, alpha), bit for bit: a replay log keeps this instead of the
 * tables (stage-replay.ts).
 */
export interface PositionSource {
  arch: PositionArch
  start: number
  alpha: number
}

export interface StepPositions {
  ropeCos: Float32Array
  ropeSin: Float32Array
  lognScale: Float32Array
  attnBias: Float32Array
  positionSource: PositionSource
}

/** Everything position-dependent that a stage needs for `count` tokens after `start` cached. */
export function stepPositions(
  arch: PositionArch,
  start: number,
  count: number,
  alpha: number
): StepPositions {
  return { ...withoutBias(arch, start, count, alpha), attnBias: causalBias(start, count) }
}

/**
 * stepPositions, with the causal bias built on first read: a stage that never reads it (the gqa
 * stage masks by sequence length) never holds [count, start + count] floats.
 */
export function lazyStepPositions(
  arch: PositionArch,
  start: number,
  count: number,
  alpha: number
): StepPositions {
  let bias: Float32Array | undefined
  return Object.defineProperty(withoutBias(arch, start, count, alpha), 'attnBias', {
    get: () => (bias ??= causalBias(start, count)),
    enumerable: true
  }) as StepPositions
}

function withoutBias(
  arch: PositionArch,
  start: number,
  count: number,
  alpha: number
): Omit<StepPositions, 'attnBias'> {
  const base = effectiveRotaryBase(arch.rotaryBase, alpha, arch.headDim)
  const { cos, sin } = ropeTables(start, count, arch.headDim, base)
  return {
    ropeCos: cos,
    ropeSin: sin,
    lognScale: lognScales(start, count, arch.seqLength, arch.useLognAttn),
    // A copy of the four fields: the caller's arch may be the whole model config.
    positionSource: {
      arch: {
        headDim: arch.headDim,
        rotaryBase: arch.rotaryBase,
        seqLength: arch.seqLength,
        useLognAttn: arch.useLognAttn
      },
      start,
      alpha
    }
  }
}

/**
 * The source of a step's tables when it names one and the tables have its shapes (then they are
 * stepPositions(source.arch, source.start, tokens, source.alpha), and can be rebuilt from it).
 */
export function builtFrom(
  input: Omit<StepPositions, 'positionSource'> & {
    tokens: number
    positionSource?: PositionSource
  }
): PositionSource | undefined {
  const source = input.positionSource
  if (source === undefined) return undefined
  const { tokens } = input
  const fits =
    input.ropeCos.length === tokens * source.arch.headDim &&
    input.ropeSin.length === tokens * source.arch.headDim &&
    input.lognScale.length === tokens &&
    input.attnBias.length === tokens * (source.start + tokens)
  return fits ? source : undefined
}
