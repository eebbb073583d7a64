// Float64 Qwen decoder (MODEL-SPEC §5): RMSNorm, c_attn with bias, half-split rotary with the
// dynamic-NTK base fixed from the prefill length, logn query scaling past seq_length, causal
// attention, w1 * SiLU(w2) MLP, ln_f and the untied lm_head. Recomputes the whole sequence.
import type { QwenConfig } from '../../main/inference/checkpoint/qwen-config'
import {
  addInPlace,
  attention,
  linear,
  lognFactor,
  ntkAlpha,
  rmsNorm,
  rotaryBase,
  rotate,
  silu
} from './math'
import type { MergedWeights } from './sources'
import { splitColumns } from './vision'

type Tensor = Float64Array

export interface QwenLayer {
  readonly ln1: Tensor
  readonly cAttnWeight: Tensor
  readonly cAttnBias: Tensor
  readonly cProj: Tensor
  readonly ln2: Tensor
  readonly w1: Tensor
  readonly w2: Tensor
  readonly mlpProj: Tensor
}

export interface ForwardOptions {
  /** Prefill length that fixes the NTK alpha (defaults to the sequence length: a fresh prefill). */
  readonly ntkLength?: number
}

export class QwenReference {
  private constructor(
    readonly config: QwenConfig,
    readonly vocab: number,
    private readonly wte: Tensor,
    private readonly layers: readonly QwenLayer[],
    private readonly lnF: Tensor,
    private readonly lmHead: Tensor
  ) {}

  static async load(weights: MergedWeights): Promise<QwenReference> {
    const config = weights.qwen
    const get = (name: string): Promise<Tensor> => weights.get(`llm_model.${name}`)
    const layers: QwenLayer[] = []
    for (let i = 0; i < config.layers; i++) {
      const p = `transformer.h.${i}`
      layers.push({
        ln1: await get(`${p}.ln_1.weight`),
        cAttnWeight: await get(`${p}.attn.c_attn.weight`),
        cAttnBias: await get(`${p}.attn.c_attn.bias`),
        cProj: await get(`${p}.attn.c_proj.weight`),
        ln2: await get(`${p}.ln_2.weight`),
        w1: await get(`${p}.mlp.w1.weight`),
        w2: await get(`${p}.mlp.w2.weight`),
        mlpProj: await get(`${p}.mlp.c_proj.weight`)
      })
    }
    const vocab = weights.shape('llm_model.transformer.wte.weight')[0]
    return new QwenReference(
      config,
      vocab,
      await get('transformer.wte.weight'),
      layers,
      await get('transformer.ln_f.weight'),
      await get('lm_head.weight')
    )
  }

  embedTokens(ids: readonly number[]): Tensor {
    const H = this.config.hidden
    const out = new Float64Array(ids.length * H)
    ids.forEach((id, row) => out.set(this.wte.subarray(id * H, (id + 1) * H), row * H))
    return out
  }

  /** Final hidden states [L, H] (before ln_f) for input embeddings [L, H]. */
  hidden(embeds: Tensor, options: ForwardOptions = {}): Tensor {
    const { hidden: H, heads, headDim, mlpWidth, rmsEps, seqLength } = this.config
    const L = embeds.length / H
    const alpha = this.config.useDynamicNtk ? ntkAlpha(options.ntkLength ?? L, seqLength) : 1
    const base = rotaryBase(this.config.rotaryBase, alpha, headDim)
    const x = embeds.slice()
    for (const layer of this.layers) {
      const normed = rmsNorm(x, H, layer.ln1, rmsEps)
      const [q, k, v] = splitColumns(
        linear(normed, L, layer.cAttnWeight, layer.cAttnBias, 3 * H),
        L,
        H,
        3
      )
      for (let p = 0; p < L; p++) {
        const logn = this.config.useLognAttn ? lognFactor(p, L, seqLength) : 1
        for (let h = 0; h < heads; h++) {
          rotate(q, p * H + h * headDim, headDim, p, base)
          rotate(k, p * H + h * headDim, headDim, p, base)
        }
        for (let i = 0; i < H; i++) q[p * H + i] *= logn
      }
      const context = attention(q, k, v, L, L, heads, headDim, 1 / Math.sqrt(headDim), 0)
      addInPlace(x, linear(context, L, layer.cProj, undefined, H))
      const normed2 = rmsNorm(x, H, layer.ln2, rmsEps)
      const up = linear(normed2, L, layer.w1, undefined, mlpWidth)
      const gate = linear(normed2, L, layer.w2, undefined, mlpWidth)
      for (let i = 0; i < up.length; i++) up[i] *= silu(gate[i])
      addInPlace(x, linear(up, L, layer.mlpProj, undefined, H))
    }
    return x
  }

  /** Logits [vocab] at the last position. */
  logits(embeds: Tensor, options: ForwardOptions = {}): Tensor {
    const H = this.config.hidden
    const all = this.hidden(embeds, options)
    const last = rmsNorm(all.subarray(all.length - H), H, this.lnF, this.config.rmsEps)
    return linear(last, 1, this.lmHead, undefined, this.vocab)
  }
}
