// Float64 vision side (MODEL-SPEC §3, §3.1, §4, §4.1): EVA ViT (CLS, q/v bias, erf GELU, no final
// norm), ln_vision, the Q-Former query path (embedding LayerNorm first, cross-attention only in
// layers that have it) and llm_proj, for one preprocessed image [3, S, S].
import { addInPlace, attention, gelu, layerNorm, linear } from './math'
import type { MergedWeights } from './sources'

type Tensor = Float64Array

export interface VisionArch {
  readonly width: number
  readonly depth: number
  readonly heads: number
  readonly mlpWidth: number
  readonly patchSize: number
  readonly imageSize: number
  readonly layerNormEps: number
  readonly lnVisionEps: number
  readonly qformerWidth: number
  readonly qformerHeads: number
  readonly qformerLayers: number
  readonly qformerEps: number
  readonly queries: number
  readonly intermediate: number
  readonly crossLayers: readonly number[]
  readonly llmHidden: number
}

/** Reads architecture numbers from tensor shapes, plus the arch.json values shapes cannot tell. */
export function visionArch(weights: MergedWeights): VisionArch {
  const width = weights.shape('visual_encoder.cls_token')[2]
  const patchSize = weights.shape('visual_encoder.patch_embed.proj.weight')[2]
  const tokens = weights.shape('visual_encoder.pos_embed')[1]
  const blocksInFile = weights
    .names()
    .filter((n) => /^visual_encoder\.blocks\.\d+\.norm1\.weight$/.test(n)).length
  const qformerLayers = weights
    .names()
    .filter((n) =>
      /^Qformer\.bert\.encoder\.layer\.\d+\.attention\.self\.query\.weight$/.test(n)
    ).length
  const a = weights.arch
  // The model builds cross-attention where layer % freq == 0 (QF:387-396), whatever the file holds.
  const frequency = a.qformer?.crossAttentionFreq ?? 2
  const crossLayers: number[] = []
  for (let i = 0; i < qformerLayers; i += frequency) crossLayers.push(i)
  const [, queries, qformerWidth] = weights.shape('query_tokens')
  return {
    width,
    depth: a.vision?.depth ?? Math.min(blocksInFile, 39),
    heads: a.vision?.heads ?? 16,
    mlpWidth: weights.shape('visual_encoder.blocks.0.mlp.fc1.weight')[0],
    patchSize,
    imageSize: Math.round(Math.sqrt(tokens - 1)) * patchSize,
    layerNormEps: a.vision?.layerNormEps ?? 1e-6,
    lnVisionEps: a.vision?.lnVisionEps ?? 1e-5,
    qformerWidth,
    qformerHeads: a.qformer?.heads ?? 12,
    qformerLayers,
    qformerEps: a.qformer?.layerNormEps ?? 1e-12,
    queries,
    intermediate: weights.shape('Qformer.bert.encoder.layer.0.intermediate_query.dense.weight')[0],
    crossLayers,
    llmHidden: weights.shape('llm_proj.weight')[0]
  }
}

/** All vision-side tensors, read once as float64. */
export async function loadVisionTensors(
  weights: MergedWeights,
  arch: VisionArch
): Promise<Map<string, Tensor>> {
  const wanted = weights.names().filter((name) => {
    const block = /^visual_encoder\.blocks\.(\d+)\./.exec(name)
    if (block) return Number(block[1]) < arch.depth
    return (
      name.startsWith('visual_encoder.') ||
      name.startsWith('ln_vision.') ||
      name === 'query_tokens' ||
      name.startsWith('llm_proj.') ||
      /^Qformer\.bert\.embeddings\.LayerNorm\./.test(name) ||
      /^Qformer\.bert\.encoder\.layer\.\d+\.(attention|crossattention|intermediate_query|output_query)\./.test(
        name
      )
    )
  })
  const tensors = new Map<string, Tensor>()
  for (const name of wanted) tensors.set(name, await weights.get(name))
  return tensors
}

export class VisionReference {
  constructor(
    readonly arch: VisionArch,
    private readonly t: Map<string, Tensor>
  ) {}

  private w(name: string): Tensor {
    const tensor = this.t.get(name)
    if (!tensor) throw new Error(`reference: missing vision tensor ${name}`)
    return tensor
  }

  /** ViT hidden states [tokens, width] for pixels [3, S, S]. */
  vit(pixels: Float32Array): Tensor {
    const { width, patchSize, imageSize, depth, heads, mlpWidth, layerNormEps: eps } = this.arch
    const grid = imageSize / patchSize
    const tokens = grid * grid + 1
    const x = new Float64Array(tokens * width)
    const kernel = this.w('visual_encoder.patch_embed.proj.weight')
    const kernelBias = this.w('visual_encoder.patch_embed.proj.bias')
    const patchLength = 3 * patchSize * patchSize
    x.set(this.w('visual_encoder.cls_token').subarray(0, width), 0)
    for (let row = 0; row < grid; row++) {
      for (let col = 0; col < grid; col++) {
        const patch = new Float64Array(patchLength)
        for (let c = 0; c < 3; c++) {
          for (let i = 0; i < patchSize; i++) {
            for (let j = 0; j < patchSize; j++) {
              const py = row * patchSize + i
              const px = col * patchSize + j
              patch[(c * patchSize + i) * patchSize + j] =
                pixels[(c * imageSize + py) * imageSize + px]
            }
          }
        }
        x.set(linear(patch, 1, kernel, kernelBias, width), (1 + row * grid + col) * width)
      }
    }
    addInPlace(x, this.w('visual_encoder.pos_embed'))
    const headDim = width / heads
    for (let b = 0; b < depth; b++) {
      const p = `visual_encoder.blocks.${b}`
      const h = layerNorm(x, width, this.w(`${p}.norm1.weight`), this.w(`${p}.norm1.bias`), eps)
      const qkvBias = new Float64Array(3 * width)
      qkvBias.set(this.w(`${p}.attn.q_bias`), 0)
      qkvBias.set(this.w(`${p}.attn.v_bias`), 2 * width)
      const qkv = linear(h, tokens, this.w(`${p}.attn.qkv.weight`), qkvBias, 3 * width)
      const [q, k, v] = splitColumns(qkv, tokens, width, 3)
      const context = attention(q, k, v, tokens, tokens, heads, headDim, headDim ** -0.5)
      addInPlace(
        x,
        linear(
          context,
          tokens,
          this.w(`${p}.attn.proj.weight`),
          this.w(`${p}.attn.proj.bias`),
          width
        )
      )
      const h2 = layerNorm(x, width, this.w(`${p}.norm2.weight`), this.w(`${p}.norm2.bias`), eps)
      const hidden = linear(
        h2,
        tokens,
        this.w(`${p}.mlp.fc1.weight`),
        this.w(`${p}.mlp.fc1.bias`),
        mlpWidth
      ).map(gelu)
      addInPlace(
        x,
        linear(hidden, tokens, this.w(`${p}.mlp.fc2.weight`), this.w(`${p}.mlp.fc2.bias`), width)
      )
    }
    return x
  }

  /** ln_vision(ViT(pixels)) -> Q-Former -> llm_proj: [queries, llmHidden]. */
  embedImage(pixels: Float32Array): Tensor {
    const a = this.arch
    const tokens = (a.imageSize / a.patchSize) ** 2 + 1
    const image = layerNorm(
      this.vit(pixels),
      a.width,
      this.w('ln_vision.weight'),
      this.w('ln_vision.bias'),
      a.lnVisionEps
    )
    const Q = a.qformerWidth
    const n = a.queries
    const headDim = Q / a.qformerHeads
    const scale = 1 / Math.sqrt(headDim)
    const norm = (x: Tensor, prefix: string): Tensor =>
      layerNorm(x, Q, this.w(`${prefix}.weight`), this.w(`${prefix}.bias`), a.qformerEps)
    const lin = (x: Tensor, rows: number, prefix: string, out: number): Tensor =>
      linear(x, rows, this.w(`${prefix}.weight`), this.w(`${prefix}.bias`), out)
    let h = norm(this.w('query_tokens').slice(0, n * Q), 'Qformer.bert.embeddings.LayerNorm')
    for (let i = 0; i < a.qformerLayers; i++) {
      const p = `Qformer.bert.encoder.layer.${i}`
      const q = lin(h, n, `${p}.attention.self.query`, Q)
      const k = lin(h, n, `${p}.attention.self.key`, Q)
      const v = lin(h, n, `${p}.attention.self.value`, Q)
      const selfContext = attention(q, k, v, n, n, a.qformerHeads, headDim, scale)
      let hidden = norm(
        addTo(lin(selfContext, n, `${p}.attention.output.dense`, Q), h),
        `${p}.attention.output.LayerNorm`
      )
      if (a.crossLayers.includes(i)) {
        const cq = lin(hidden, n, `${p}.crossattention.self.query`, Q)
        const ck = lin(image, tokens, `${p}.crossattention.self.key`, Q)
        const cv = lin(image, tokens, `${p}.crossattention.self.value`, Q)
        const crossContext = attention(cq, ck, cv, n, tokens, a.qformerHeads, headDim, scale)
        hidden = norm(
          addTo(lin(crossContext, n, `${p}.crossattention.output.dense`, Q), hidden),
          `${p}.crossattention.output.LayerNorm`
        )
      }
      const ffn = lin(hidden, n, `${p}.intermediate_query.dense`, a.intermediate).map(gelu)
      h = norm(
        addTo(lin(ffn, n, `${p}.output_query.dense`, Q), hidden),
        `${p}.output_query.LayerNorm`
      )
    }
    return lin(h, n, 'llm_proj', a.llmHidden)
  }
}

function addTo(a: Tensor, b: Tensor): Tensor {
  addInPlace(a, b)
  return a
}

/** Splits x [rows, parts*width] into `parts` arrays [rows, width]. */
export function splitColumns(x: Tensor, rows: number, width: number, parts: number): Tensor[] {
  const out = Array.from({ length: parts }, () => new Float64Array(rows * width))
  for (let r = 0; r < rows; r++) {
    for (let part = 0; part < parts; part++) {
      out[part].set(
        x.subarray(r * parts * width + part * width, r * parts * width + (part + 1) * width),
        r * width
      )
    }
  }
  return out
}
