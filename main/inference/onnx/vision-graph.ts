// Builds the vision tower graph: EVA ViT (pre-LN blocks, qkv bias [q,0,v], exact GELU, no final
// norm) → ln_vision → BLIP-2 Q-Former query path → llm_proj. pixel_values [N,3,S,S] →
// image_embeds [N,queries,H] (MODEL-SPEC §3–§4, §13 items 2–5).
import type { Manifest } from '../package/manifest'
import { visionNames as n } from '../package/tensor-names'
import { GraphBuilder, attr } from './graph-builder'
import { WeightGraph, gelu, multiHeadAttention, splitLast, type TensorLookup } from './ops'

/** ViT blocks [from, to) of a vision part (placement splits the tower over devices). A part
 *  that does not start at 0 takes `vision_hidden` [N,tokens,width]; one that does not end at
 *  depth returns it instead of running ln_vision, the Q-Former and llm_proj. */
export interface VisionSegment {
  from: number
  to: number
}

export function buildVisionGraph(
  manifest: Manifest,
  lookup: TensorLookup,
  segment?: VisionSegment
): Uint8Array {
  const { vision, qformer, llm } = manifest.arch
  const from = segment?.from ?? 0
  const to = segment?.to ?? vision.depth
  const b = new GraphBuilder(segment ? `vision_${from}_${to}` : 'vision')
  const w = new WeightGraph(b, lookup)
  const size = vision.imageSize
  const grid = size / vision.patchSize
  const tokens = grid * grid + 1
  const source =
    from === 0
      ? b.input('pixel_values', 'float', ['batch', 3, size, size])
      : b.input('vision_hidden', 'float', ['batch', tokens, vision.width])
  const batch = b.op('Slice', [b.op('Shape', [source]), b.constInt64([0]), b.constInt64([1])])
  let x = from === 0 ? embedPatches(w, source, batch, manifest) : source
  for (let i = from; i < to; i++) x = vitBlock(w, x, i, manifest)
  if (to < vision.depth) {
    b.output(x, 'vision_hidden', 'float', ['batch', tokens, vision.width])
    return b.toBytes()
  }
  const imageFeatures = w.layerNorm(x, n.lnVision, vision.lnVisionEps)

  const queryShape = b.op('Concat', [batch, b.constInt64([qformer.queries, qformer.width])], {
    axis: attr.int(0)
  })
  const queries = w.layerNorm(w.float(n.queryTokens), n.qformerEmbLn, qformer.layerNormEps)
  let h = b.op('Expand', [queries, queryShape])
  for (let i = 0; i < qformer.depth; i++) {
    const p = n.qformerLayer(i)
    h = attentionBlock(w, h, h, `${p}.attention`, qformer)
    if (i % qformer.crossAttentionFreq === 0) {
      h = attentionBlock(w, h, imageFeatures, `${p}.crossattention`, qformer)
    }
    const inter = gelu(b, w.linear(h, `${p}.intermediate_query.dense`, true))
    const out = b.op('Add', [w.linear(inter, `${p}.output_query.dense`, true), h])
    h = w.layerNorm(out, `${p}.output_query.LayerNorm`, qformer.layerNormEps)
  }
  const embeds = w.linear(h, n.llmProj, true)
  b.output(embeds, 'image_embeds', 'float', ['batch', qformer.queries, llm.hidden])
  return b.toBytes()
}

/** BERT attention sub-layer: LN(dense(MHA(q(h), k(src), v(src))) + h). */
function attentionBlock(
  w: WeightGraph,
  h: string,
  source: string,
  prefix: string,
  arch: Manifest['arch']['qformer']
): string {
  const b = w.b
  const q = w.linear(h, `${prefix}.self.query`, true)
  const k = w.linear(source, `${prefix}.self.key`, true)
  const v = w.linear(source, `${prefix}.self.value`, true)
  const ctx = multiHeadAttention(b, q, k, v, arch.heads, arch.width)
  const out = b.op('Add', [w.linear(ctx, `${prefix}.output.dense`, true), h])
  return w.layerNorm(out, `${prefix}.output.LayerNorm`, arch.layerNormEps)
}

/** Patch embedding, CLS token and position embeddings: [N,3,S,S] -> [N,tokens,width]. */
function embedPatches(w: WeightGraph, pixels: string, batch: string, manifest: Manifest): string {
  const b = w.b
  const { vision } = manifest.arch
  const grid = vision.imageSize / vision.patchSize
  const patches = b.op('Conv', [pixels, w.float(n.patchWeight), w.float(n.patchBias)], {
    kernel_shape: attr.ints([vision.patchSize, vision.patchSize]),
    strides: attr.ints([vision.patchSize, vision.patchSize])
  })
  const flat = b.op(
    'Transpose',
    [b.op('Reshape', [patches, b.constInt64([0, vision.width, grid * grid])])],
    {
      perm: attr.ints([0, 2, 1])
    }
  )
  const clsShape = b.op('Concat', [batch, b.constInt64([1, vision.width])], { axis: attr.int(0) })
  const cls = b.op('Expand', [w.float(n.cls), clsShape])
  return b.op('Add', [b.op('Concat', [cls, flat], { axis: attr.int(1) }), w.float(n.pos)])
}

/** One pre-LN EVA block. */
function vitBlock(w: WeightGraph, input: string, i: number, manifest: Manifest): string {
  const b = w.b
  const { vision } = manifest.arch
  const p = n.block(i)
  let x = input
  const h1 = w.layerNorm(x, `${p}.norm1`, vision.layerNormEps)
  const qkv = w.linear(h1, `${p}.attn.qkv`, true)
  const [q, k, v] = splitLast(b, qkv, [vision.width, vision.width, vision.width])
  const ctx = multiHeadAttention(b, q, k, v, vision.heads, vision.width)
  x = b.op('Add', [x, w.linear(ctx, `${p}.attn.proj`, true)])
  const h2 = w.layerNorm(x, `${p}.norm2`, vision.layerNormEps)
  const mlp = w.linear(gelu(b, w.linear(h2, `${p}.mlp.fc1`, true)), `${p}.mlp.fc2`, true)
  return b.op('Add', [x, mlp])
}
