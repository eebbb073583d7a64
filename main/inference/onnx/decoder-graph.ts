// Builds a decoder segment graph for layers [from, to) of the Qwen decoder (MODEL-SPEC §5) in
// one of two KV variants (RUNTIME-CONTRACT.md): `hostkv` reads whole host KV buffers in place
// and returns only the new positions; `devicekv` takes [1,heads,P,hd] and returns the full
// present K/V so WebGPU can keep it on the device. The last segment ends in
// ln_f + lm_head on the last position.
import type { Manifest } from '../package/manifest'
import { decoderNames } from '../package/tensor-names'
import { GraphBuilder, attr } from './graph-builder'
import {
  WeightGraph,
  attentionCore,
  mergeHeads,
  rotary,
  silu,
  splitLast,
  toHeads,
  transpose,
  type TensorLookup
} from './ops'

export type KvVariant = 'hostkv' | 'devicekv'

export interface SegmentSpec {
  from: number
  to: number
  isLast: boolean
  variant: KvVariant
}

export function buildDecoderSegment(
  manifest: Manifest,
  lookup: TensorLookup,
  spec: SegmentSpec
): Uint8Array {
  const { llm } = manifest.arch
  const { hidden, heads, headDim } = llm
  const b = new GraphBuilder(`decoder_${spec.from}_${spec.to}`)
  const w = new WeightGraph(b, lookup)

  let x = b.input('hidden_in', 'float', [1, 'tokens', hidden])
  const cosIn = b.input('rope_cos', 'float', ['tokens', headDim])
  const sinIn = b.input('rope_sin', 'float', ['tokens', headDim])
  const lognIn = b.input('logn_scale', 'float', ['tokens'])
  const bias = b.input('attn_bias', 'float', [1, 1, 'tokens', 'total'])
  const cos = b.op('Unsqueeze', [cosIn, b.constInt64([0, 2])])
  const sin = b.op('Unsqueeze', [sinIn, b.constInt64([0, 2])])
  const lognRows = b.op('Reshape', [lognIn, b.constInt64([1, -1, 1, 1])])
  // hostkv folds 1/sqrt(hd) into the per-token logn factor: a scalar Mul next to the score
  // MatMul would be fused by ORT into FusedMatMul(alpha), which loses MLAS's one-row GEMV path
  // and reads the past keys at half the speed (measured 6.8 vs 3.3 ms per step at 2048).
  const logn =
    spec.variant === 'hostkv'
      ? b.op('Mul', [lognRows, b.constFloat([1 / Math.sqrt(headDim)], [])])
      : lognRows

  for (let layer = spec.from; layer < spec.to; layer++) {
    const p = decoderNames.layer(layer)
    const normed = w.rmsNorm(x, `${p}.ln_1.weight`, llm.rmsEps)
    const qkv = w.linear(normed, `${p}.attn.c_attn`, true)
    const [q, k, v] = splitLast(b, qkv, [hidden, hidden, hidden])
    const qRot = b.op('Mul', [rotary(b, toHeads(b, q, heads, headDim), cos, sin, headDim), logn])
    const kRot = rotary(b, toHeads(b, k, heads, headDim), cos, sin, headDim)
    const vHeads = toHeads(b, v, heads, headDim)
    const ctx = attentionWithKv(b, spec.variant, layer, qRot, kRot, vHeads, heads, headDim, bias)
    x = b.op('Add', [x, w.linear(mergeHeads(b, ctx, hidden), `${p}.attn.c_proj`, false)])
    const normed2 = w.rmsNorm(x, `${p}.ln_2.weight`, llm.rmsEps)
    const up = w.linear(normed2, `${p}.mlp.w1`, false)
    const gate = silu(b, w.linear(normed2, `${p}.mlp.w2`, false))
    x = b.op('Add', [x, w.linear(b.op('Mul', [up, gate]), `${p}.mlp.c_proj`, false)])
  }

  if (spec.isLast) {
    const last = b.op('Slice', [x, b.constInt64([-1]), b.constInt64([2 ** 62]), b.constInt64([1])])
    const normed = w.rmsNorm(last, decoderNames.lnF, llm.rmsEps)
    const head = w.entry(`${decoderNames.lmHead}.weight`)
    const flat = b.op('Reshape', [normed, b.constInt64([1, hidden])])
    // Dense heads are stored [vocab, H] (no transpose at conversion): Gemm with transB.
    const logits =
      head.dtype !== 'int4' && head.shape[0] === llm.vocab && head.shape[1] === hidden
        ? b.op('Gemm', [flat, w.float(`${decoderNames.lmHead}.weight`)], { transB: attr.int(1) })
        : w.linear(flat, decoderNames.lmHead, false)
    b.output(logits, 'logits', 'float', [1, llm.vocab])
  } else {
    b.output(x, 'hidden_out', 'float', [1, 'tokens', hidden])
  }
  return b.toBytes()
}

/**
 * Declares the layer's KV inputs/outputs and returns the attention context [1,T,heads,hd].
 * hostkv: past K/V are whole host buffers read in place (zero-copy), keys transposed
 * [1,heads,hd,capacity] so the score product is a plain MatMul, values [1,heads,capacity,hd];
 * slots beyond the cached length are masked by attn_bias. Scores against the cache and against
 * the new tokens are computed separately and never concatenated along the context, so a step
 * reads the cache once and copies nothing of size O(context). New K/V come out as
 * [1,heads,hd,T] / [1,heads,T,hd] for the host to append.
 * devicekv: past/present [1,heads,P(+T),hd] on the device, concatenated in the graph.
 */
function attentionWithKv(
  b: GraphBuilder,
  variant: KvVariant,
  layer: number,
  q: string,
  kNew: string,
  vNew: string,
  heads: number,
  headDim: number,
  bias: string
): string {
  const qh = transpose(b, q, [0, 2, 1, 3])
  const vh = transpose(b, vNew, [0, 2, 1, 3])
  if (variant === 'devicekv') {
    const scale = 1 / Math.sqrt(headDim)
    const kh = transpose(b, kNew, [0, 2, 1, 3])
    const pastK = b.input(`past_key_${layer}`, 'float', [1, heads, 'past', headDim])
    const pastV = b.input(`past_value_${layer}`, 'float', [1, heads, 'past', headDim])
    const presentK = b.op('Concat', [pastK, kh], { axis: attr.int(2) })
    const presentV = b.op('Concat', [pastV, vh], { axis: attr.int(2) })
    b.output(presentK, `present_key_${layer}`, 'float', [1, heads, 'total', headDim])
    b.output(presentV, `present_value_${layer}`, 'float', [1, heads, 'total', headDim])
    return attentionCore(b, qh, transpose(b, presentK, [0, 1, 3, 2]), presentV, scale, bias)
  }
  const pastKT = b.input(`past_key_${layer}`, 'float', [1, heads, headDim, 'capacity'])
  const pastV = b.input(`past_value_${layer}`, 'float', [1, heads, 'capacity', headDim])
  const khT = transpose(b, kNew, [0, 2, 3, 1])
  b.output(khT, `new_key_${layer}`, 'float', [1, heads, headDim, 'tokens'])
  b.output(vh, `new_value_${layer}`, 'float', [1, heads, 'tokens', headDim])
  const scores = b.op('Add', [
    b.op('Concat', [b.op('MatMul', [qh, pastKT]), b.op('MatMul', [qh, khT])], {
      axis: attr.int(-1)
    }),
    bias
  ])
  const probs = b.op('Softmax', [scores], { axis: attr.int(-1) })
  const capacity = b.op('Slice', [b.op('Shape', [pastV]), b.constInt64([2]), b.constInt64([3])])
  const last = b.constInt64([-1])
  const probsPast = b.op('Slice', [probs, b.constInt64([0]), capacity, last])
  const probsNew = b.op('Slice', [probs, capacity, b.constInt64([2 ** 62]), last])
  const ctx = b.op('Add', [b.op('MatMul', [probsPast, pastV]), b.op('MatMul', [probsNew, vh])])
  return transpose(b, ctx, [0, 2, 1, 3])
}

/** Names of a segment's KV inputs and outputs, in layer order. */
export function kvNames(
  variant: KvVariant,
  from: number,
  to: number
): { pastKey: string[]; pastValue: string[]; outKey: string[]; outValue: string[] } {
  const layers = Array.from({ length: to - from }, (_, i) => from + i)
  const outPrefix = variant === 'hostkv' ? 'new' : 'present'
  return {
    pastKey: layers.map((l) => `past_key_${l}`),
    pastValue: layers.map((l) => `past_value_${l}`),
    outKey: layers.map((l) => `${outPrefix}_key_${l}`),
    outValue: layers.map((l) => `${outPrefix}_value_${l}`)
  }
}
