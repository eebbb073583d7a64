// The list of tensors a package stores, in write order, each with its source candidates, the
// shape the source must have, and how it is stored (raw, linear weight in the package dtype,
// the ViT's [q_bias, 0, v_bias] qkv bias, or the raw embedding table).
import type { Manifest, PackageDtype } from '../package/manifest'
import {
  EMBEDDING_FILE,
  HEAD_WEIGHTS_FILE,
  VISION_WEIGHTS_FILE,
  decoderNames,
  decoderWeightsFile,
  visionNames as vn
} from '../package/tensor-names'
import { blip2Candidates, llmCandidates, vitCandidates, type SourceKey } from './key-accounting'

export type LinearStorage = 'float32' | 'float16' | 'int4'

export type Job =
  | {
      kind: 'raw'
      target: string
      file: string
      from: SourceKey[]
      shape: number[]
      store: 'float32' | 'float16'
    }
  | {
      kind: 'linear'
      target: string
      file: string
      from: SourceKey[]
      shape: number[]
      store: LinearStorage
    }
  | {
      kind: 'qkv-bias'
      target: string
      file: string
      q: SourceKey[]
      v: SourceKey[]
      width: number
    }
  | {
      kind: 'embedding'
      target: string
      file: string
      from: SourceKey[]
      shape: number[]
      store: 'float32' | 'float16'
    }

export function planJobs(arch: Manifest['arch'], dtype: PackageDtype): Job[] {
  const jobs: Job[] = []
  const { vision: v, qformer: q, llm } = arch
  const visionLinear: LinearStorage = dtype === 'fp32' ? 'float32' : 'float16'
  const llmLinear: LinearStorage =
    dtype === 'fp32' ? 'float32' : dtype === 'fp16' ? 'float16' : 'int4'
  const vf = VISION_WEIGHTS_FILE
  const raw = (target: string, from: SourceKey[], shape: number[], file = vf): void => {
    jobs.push({ kind: 'raw', target, file, from, shape, store: 'float32' })
  }
  const linear = (
    target: string,
    source: (k: string) => SourceKey[],
    srcPrefix: string,
    out: number,
    inp: number,
    bias: boolean,
    store: LinearStorage,
    file: string
  ): void => {
    jobs.push({
      kind: 'linear',
      target: `${target}.weight`,
      file,
      from: source(`${srcPrefix}.weight`),
      shape: [out, inp],
      store
    })
    if (bias) raw(`${target}.bias`, source(`${srcPrefix}.bias`), [out], file)
  }
  const norm = (
    target: string,
    source: (k: string) => SourceKey[],
    src: string,
    width: number,
    bias: boolean,
    file = vf
  ): void => {
    raw(`${target}.weight`, source(`${src}.weight`), [width], file)
    if (bias) raw(`${target}.bias`, source(`${src}.bias`), [width], file)
  }

  const grid = (v.imageSize / v.patchSize) ** 2
  jobs.push({
    kind: 'raw',
    target: vn.patchWeight,
    file: vf,
    from: vitCandidates('patch_embed.proj.weight'),
    shape: [v.width, 3, v.patchSize, v.patchSize],
    store: visionLinear === 'float32' ? 'float32' : 'float16'
  })
  raw(vn.patchBias, vitCandidates('patch_embed.proj.bias'), [v.width])
  raw(vn.cls, vitCandidates('cls_token'), [1, 1, v.width])
  raw(vn.pos, vitCandidates('pos_embed'), [1, grid + 1, v.width])
  for (let i = 0; i < v.depth; i++) {
    const t = vn.block(i)
    const s = `blocks.${i}`
    norm(`${t}.norm1`, vitCandidates, `${s}.norm1`, v.width, true)
    linear(
      `${t}.attn.qkv`,
      vitCandidates,
      `${s}.attn.qkv`,
      3 * v.width,
      v.width,
      false,
      visionLinear,
      vf
    )
    jobs.push({
      kind: 'qkv-bias',
      target: `${t}.attn.qkv.bias`,
      file: vf,
      q: vitCandidates(`${s}.attn.q_bias`),
      v: vitCandidates(`${s}.attn.v_bias`),
      width: v.width
    })
    linear(
      `${t}.attn.proj`,
      vitCandidates,
      `${s}.attn.proj`,
      v.width,
      v.width,
      true,
      visionLinear,
      vf
    )
    norm(`${t}.norm2`, vitCandidates, `${s}.norm2`, v.width, true)
    linear(
      `${t}.mlp.fc1`,
      vitCandidates,
      `${s}.mlp.fc1`,
      v.mlpWidth,
      v.width,
      true,
      visionLinear,
      vf
    )
    linear(
      `${t}.mlp.fc2`,
      vitCandidates,
      `${s}.mlp.fc2`,
      v.width,
      v.mlpWidth,
      true,
      visionLinear,
      vf
    )
  }
  norm(vn.lnVision, blip2Candidates, 'ln_vision', v.width, true)
  raw(vn.queryTokens, blip2Candidates('query_tokens'), [1, q.queries, q.width])
  norm(vn.qformerEmbLn, blip2Candidates, 'Qformer.bert.embeddings.LayerNorm', q.width, true)
  for (let i = 0; i < q.depth; i++) {
    const t = vn.qformerLayer(i)
    const s = `Qformer.bert.encoder.layer.${i}`
    const parts = i % q.crossAttentionFreq === 0 ? ['attention', 'crossattention'] : ['attention']
    for (const part of parts) {
      const kvIn = part === 'crossattention' ? q.encoderWidth : q.width
      linear(
        `${t}.${part}.self.query`,
        blip2Candidates,
        `${s}.${part}.self.query`,
        q.width,
        q.width,
        true,
        visionLinear,
        vf
      )
      linear(
        `${t}.${part}.self.key`,
        blip2Candidates,
        `${s}.${part}.self.key`,
        q.width,
        kvIn,
        true,
        visionLinear,
        vf
      )
      linear(
        `${t}.${part}.self.value`,
        blip2Candidates,
        `${s}.${part}.self.value`,
        q.width,
        kvIn,
        true,
        visionLinear,
        vf
      )
      linear(
        `${t}.${part}.output.dense`,
        blip2Candidates,
        `${s}.${part}.output.dense`,
        q.width,
        q.width,
        true,
        visionLinear,
        vf
      )
      norm(
        `${t}.${part}.output.LayerNorm`,
        blip2Candidates,
        `${s}.${part}.output.LayerNorm`,
        q.width,
        true
      )
    }
    linear(
      `${t}.intermediate_query.dense`,
      blip2Candidates,
      `${s}.intermediate_query.dense`,
      q.intermediate,
      q.width,
      true,
      visionLinear,
      vf
    )
    linear(
      `${t}.output_query.dense`,
      blip2Candidates,
      `${s}.output_query.dense`,
      q.width,
      q.intermediate,
      true,
      visionLinear,
      vf
    )
    norm(
      `${t}.output_query.LayerNorm`,
      blip2Candidates,
      `${s}.output_query.LayerNorm`,
      q.width,
      true
    )
  }
  linear(vn.llmProj, blip2Candidates, 'llm_proj', llm.hidden, q.width, true, visionLinear, vf)

  const h = llm.hidden
  for (let i = 0; i < llm.layers; i++) {
    const t = decoderNames.layer(i)
    const s = `transformer.h.${i}`
    const f = decoderWeightsFile(i)
    norm(`${t}.ln_1`, llmCandidates, `${s}.ln_1`, h, false, f)
    linear(`${t}.attn.c_attn`, llmCandidates, `${s}.attn.c_attn`, 3 * h, h, true, llmLinear, f)
    linear(`${t}.attn.c_proj`, llmCandidates, `${s}.attn.c_proj`, h, h, false, llmLinear, f)
    norm(`${t}.ln_2`, llmCandidates, `${s}.ln_2`, h, false, f)
    linear(`${t}.mlp.w1`, llmCandidates, `${s}.mlp.w1`, llm.mlpWidth, h, false, llmLinear, f)
    linear(`${t}.mlp.w2`, llmCandidates, `${s}.mlp.w2`, llm.mlpWidth, h, false, llmLinear, f)
    linear(
      `${t}.mlp.c_proj`,
      llmCandidates,
      `${s}.mlp.c_proj`,
      h,
      llm.mlpWidth,
      false,
      llmLinear,
      f
    )
  }
  raw(decoderNames.lnF, llmCandidates('transformer.ln_f.weight'), [h], HEAD_WEIGHTS_FILE)
  if (llmLinear === 'int4') {
    linear(
      decoderNames.lmHead,
      llmCandidates,
      'lm_head',
      llm.vocab,
      h,
      false,
      'int4',
      HEAD_WEIGHTS_FILE
    )
  } else {
    // Kept [vocab, H] as in the source (the graph uses Gemm transB), so this largest matrix is
    // streamed in row slices instead of being transposed whole.
    jobs.push({
      kind: 'raw',
      target: `${decoderNames.lmHead}.weight`,
      file: HEAD_WEIGHTS_FILE,
      from: llmCandidates('lm_head.weight'),
      shape: [llm.vocab, h],
      store: llmLinear
    })
  }
  jobs.push({
    kind: 'embedding',
    target: 'embed_tokens',
    file: EMBEDDING_FILE,
    from: llmCandidates('transformer.wte.weight'),
    shape: [llm.vocab, h],
    store: dtype === 'fp32' ? 'float32' : 'float16'
  })
  return jobs
}
