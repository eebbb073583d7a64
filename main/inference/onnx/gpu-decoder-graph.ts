// The decoder segment graph made for the WebGPU EP (variant `gqa`, float32, and `gqa16`,
// float16 activations and KV): fused com.microsoft ops the EP implements in onnxruntime-node
// 1.30 (SimplifiedLayerNormalization / SkipSimplifiedLayerNormalization, RotaryEmbedding,
// GroupQueryAttention, MatMulNBits for int4) over a KV cache of fixed capacity per sequence
// ([1, heads, capacity, hd], the first `total_sequence_length` positions valid), so decode
// shapes stay static until the capacity grows.
//
// Qwen's dynamic NTK and logn stay exact (MODEL-SPEC §5): the host computes the rotary tables of
// the new positions with the sequence's NTK base (position-inputs.ts) and feeds them in half
// width; the query's tables arrive pre-multiplied by the logn factor of their position
// (rotation is linear, so scaling q before or after it is the same). RotaryEmbedding indexes the
// fed tables by position_ids 0..T-1.
//
// The last segment also returns `next_id`, the greedy argmax of the logits, so greedy decoding
// can fetch one int64 instead of the vocabulary-wide logits.
import type { Manifest } from '../package/manifest'
import { decoderNames } from '../package/tensor-names'
import { GraphBuilder, attr } from './graph-builder'
import { WeightGraph, silu, type ActivationType, type TensorLookup } from './ops'

export type GpuKvVariant = 'gqa' | 'gqa16'

export const GPU_VARIANT_ACTIVATION: Readonly<Record<GpuKvVariant, ActivationType>> = {
  gqa: 'float',
  gqa16: 'float16'
}

export interface GpuSegmentSpec {
  from: number
  to: number
  isLast: boolean
  variant: GpuKvVariant
}

const MS = { domain: 'com.microsoft' }

export function buildGpuDecoderSegment(
  manifest: Manifest,
  lookup: TensorLookup,
  spec: GpuSegmentSpec
): Uint8Array {
  const { llm } = manifest.arch
  const { hidden, heads, headDim } = llm
  const act = GPU_VARIANT_ACTIVATION[spec.variant]
  const b = new GraphBuilder(`decoder_${spec.from}_${spec.to}_${spec.variant}`)
  const w = new WeightGraph(b, lookup, act)
  const toAct = (x: string): string =>
    act === 'float' ? x : b.op('Cast', [x], { to: attr.int(10) })
  const toFloat = (x: string): string =>
    act === 'float' ? x : b.op('Cast', [x], { to: attr.int(1) })

  const x0 = toAct(b.input('hidden_in', 'float', [1, 'tokens', hidden]))
  const half = headDim / 2
  const cosQ = toAct(b.input('rope_cos_q', 'float', ['tokens', half]))
  const sinQ = toAct(b.input('rope_sin_q', 'float', ['tokens', half]))
  const cosK = toAct(b.input('rope_cos', 'float', ['tokens', half]))
  const sinK = toAct(b.input('rope_sin', 'float', ['tokens', half]))
  const positions = b.input('position_ids', 'int64', [1, 'tokens'])
  const seqlensK = b.input('seqlens_k', 'int32', [1])
  const totalLength = b.input('total_sequence_length', 'int32', [1])

  const rotate = (x: string, cos: string, sin: string): string =>
    b.op(
      'RotaryEmbedding',
      [x, positions, cos, sin],
      { interleaved: attr.int(0), num_heads: attr.int(heads) },
      MS
    )
  const eps = attr.float(llm.rmsEps)

  // The residual stream lives as (branch output, running sum): SkipSimplifiedLayerNormalization
  // adds them and normalises in one dispatch, returning the new sum as its fourth output.
  let branch: string | undefined
  let residual = x0
  for (let layer = spec.from; layer < spec.to; layer++) {
    const p = decoderNames.layer(layer)
    const normed = rmsNormWithSkip(b, w, branch, residual, `${p}.ln_1.weight`, eps)
    residual = normed.sum
    const qkv = w.linear(normed.out, `${p}.attn.c_attn`, true)
    const [q, k, v] = b.opMulti(
      'Split',
      [qkv, b.constInt64([hidden, hidden, hidden])],
      { axis: attr.int(-1) },
      { outputs: 3 }
    )
    const kvType = act
    const pastK = b.input(`past_key_${layer}`, kvType, [1, heads, 'capacity', headDim])
    const pastV = b.input(`past_value_${layer}`, kvType, [1, heads, 'capacity', headDim])
    const [ctx] = b.opMulti(
      'GroupQueryAttention',
      [rotate(q, cosQ, sinQ), rotate(k, cosK, sinK), v, pastK, pastV, seqlensK, totalLength],
      { num_heads: attr.int(heads), kv_num_heads: attr.int(heads) },
      { ...MS, names: [`attn_${layer}`, `present_key_${layer}`, `present_value_${layer}`] }
    )
    b.output(`present_key_${layer}`, `present_key_${layer}`, kvType, [
      1,
      heads,
      'capacity',
      headDim
    ])
    b.output(`present_value_${layer}`, `present_value_${layer}`, kvType, [
      1,
      heads,
      'capacity',
      headDim
    ])
    const attnOut = w.linear(ctx, `${p}.attn.c_proj`, false)
    const normed2 = rmsNormWithSkip(b, w, attnOut, residual, `${p}.ln_2.weight`, eps)
    residual = normed2.sum
    const up = w.linear(normed2.out, `${p}.mlp.w1`, false)
    const gate = silu(b, w.linear(normed2.out, `${p}.mlp.w2`, false))
    branch = w.linear(b.op('Mul', [up, gate]), `${p}.mlp.c_proj`, false)
  }

  if (spec.isLast) {
    const lastRow = (x: string): string =>
      b.op('Slice', [x, b.constInt64([-1]), b.constInt64([2 ** 62]), b.constInt64([1])])
    const tail = branch === undefined ? undefined : lastRow(branch)
    const normed = rmsNormWithSkip(b, w, tail, lastRow(residual), decoderNames.lnF, eps)
    const flat = b.op('Reshape', [normed.out, b.constInt64([1, hidden])])
    const head = w.entry(`${decoderNames.lmHead}.weight`)
    // Dense heads are stored [vocab, H] (no transpose at conversion): Gemm with transB.
    const logits =
      head.dtype !== 'int4' && head.shape[0] === llm.vocab && head.shape[1] === hidden
        ? b.op('Gemm', [flat, w.weight(`${decoderNames.lmHead}.weight`)], {
            transB: attr.int(1)
          })
        : w.linear(flat, decoderNames.lmHead, false)
    b.output(
      b.op('ArgMax', [logits], { axis: attr.int(-1), keepdims: attr.int(1) }),
      'next_id',
      'int64',
      [1, 1]
    )
    b.output(toFloat(logits), 'logits', 'float', [1, llm.vocab])
  } else {
    const out = branch === undefined ? residual : b.op('Add', [branch, residual])
    b.output(toFloat(out), 'hidden_out', 'float', [1, 'tokens', hidden])
  }
  return b.toBytes()
}

/** RMSNorm of `residual` (+ `branch` when given), fused; returns the normed value and the sum. */
function rmsNormWithSkip(
  b: GraphBuilder,
  w: WeightGraph,
  branch: string | undefined,
  residual: string,
  weightName: string,
  eps: ReturnType<typeof attr.float>
): { out: string; sum: string } {
  if (branch === undefined) {
    const out = b.op('SimplifiedLayerNormalization', [residual, w.weight(weightName)], {
      axis: attr.int(-1),
      epsilon: eps,
      stash_type: attr.int(1)
    })
    return { out, sum: residual }
  }
  const [out, , , sum] = b.opMulti(
    'SkipSimplifiedLayerNormalization',
    [branch, residual, w.weight(weightName)],
    { epsilon: eps },
    { ...MS, names: [`${weightName}_normed`, '', '', `${weightName}_sum`] }
  )
  return { out, sum }
}

/** Names of a GPU segment's KV inputs and outputs, in layer order. */
export function gpuKvNames(
  from: number,
  to: number
): { pastKey: string[]; pastValue: string[]; presentKey: string[]; presentValue: string[] } {
  const layers = Array.from({ length: to - from }, (_, i) => from + i)
  return {
    pastKey: layers.map((l) => `past_key_${l}`),
    pastValue: layers.map((l) => `past_value_${l}`),
    presentKey: layers.map((l) => `present_key_${l}`),
    presentValue: layers.map((l) => `present_value_${l}`)
  }
}
