// Key layouts of the four source checkpoints (MODEL-SPEC §3, §4, §5, §10), filled with random
// values: eva_vit_g.pth, blip2_pretrained_flant5xxl.pth, the Qwen HF folder, and the SFT file.
import type { StorageDtype } from '../checkpoint/types'
import type { TestModelArch } from './presets'
import { TensorPlan } from './random-tensor'

/** Widths of the text-only BERT parts that the model ignores; kept small to keep files small. */
const UNUSED_TEXT_VOCAB = 512
const UNUSED_T5_WIDTH = 32

/** eva_vit_g.pth: Linear/Conv tensors fp16 (as vit_precision fp16 casts them), the rest fp32. */
export function visionPlan(arch: TestModelArch, seed: number): TensorPlan {
  const { width, depth, mlpWidth, patchSize, imageSize } = arch.vision
  const halfPrecision = /(patch_embed\.proj|attn\.qkv|attn\.proj|mlp\.fc[12])\./
  const plan = new TensorPlan(seed, (name): StorageDtype =>
    halfPrecision.test(name) ? 'float16' : 'float32'
  )
  const tokens = (imageSize / patchSize) ** 2 + 1
  plan.add('cls_token', [1, 1, width], { kind: 'normal', std: 1 })
  plan.add('pos_embed', [1, tokens, width], { kind: 'normal', std: 0.5 })
  plan.add('patch_embed.proj.weight', [width, 3, patchSize, patchSize], {
    kind: 'normal',
    std: 1 / Math.sqrt(3 * patchSize * patchSize)
  })
  plan.add('patch_embed.proj.bias', [width], { kind: 'normal', std: 0.1 })
  // One block past `depth`, as EVA-CLIP-g's 40th block: the model must ignore it.
  for (let i = 0; i <= depth; i++) {
    const block = `blocks.${i}`
    plan.norm(`${block}.norm1`, width, true)
    plan.add(`${block}.attn.qkv.weight`, [3 * width, width], {
      kind: 'normal',
      std: 1 / Math.sqrt(width)
    })
    plan.add(`${block}.attn.q_bias`, [width], { kind: 'normal', std: 0.2 })
    plan.add(`${block}.attn.v_bias`, [width], { kind: 'normal', std: 0.2 })
    plan.linear(`${block}.attn.proj`, width, width, true)
    plan.norm(`${block}.norm2`, width, true)
    plan.linear(`${block}.mlp.fc1`, mlpWidth, width, true)
    plan.linear(`${block}.mlp.fc2`, width, mlpWidth, true)
  }
  return plan
}

/** blip2_pretrained_flant5xxl.pth "model" dict: Q-Former, query_tokens, ln_vision and the
 * text-branch and T5 tensors the model ignores. All fp32. */
export function blip2Plan(arch: TestModelArch, seed: number): TensorPlan {
  const { width, depth, intermediate, queries, crossAttentionFreq } = arch.qformer
  const visionWidth = arch.vision.width
  const plan = new TensorPlan(seed, (name) => (name.endsWith('position_ids') ? 'int64' : 'float32'))
  const bert = 'Qformer.bert'
  plan.add(`${bert}.embeddings.word_embeddings.weight`, [UNUSED_TEXT_VOCAB, width], {
    kind: 'normal',
    std: 0.02
  })
  plan.add(`${bert}.embeddings.position_embeddings.weight`, [UNUSED_TEXT_VOCAB, width], {
    kind: 'normal',
    std: 0.02
  })
  plan.add(`${bert}.embeddings.position_ids`, [1, UNUSED_TEXT_VOCAB], { kind: 'arange' })
  plan.norm(`${bert}.embeddings.LayerNorm`, width, true)
  for (let i = 0; i < depth; i++) {
    const layer = `${bert}.encoder.layer.${i}`
    for (const part of ['query', 'key', 'value']) {
      plan.linear(`${layer}.attention.self.${part}`, width, width, true)
    }
    plan.linear(`${layer}.attention.output.dense`, width, width, true)
    plan.norm(`${layer}.attention.output.LayerNorm`, width, true)
    if (i % crossAttentionFreq === 0) {
      plan.linear(`${layer}.crossattention.self.query`, width, width, true)
      plan.linear(`${layer}.crossattention.self.key`, width, visionWidth, true)
      plan.linear(`${layer}.crossattention.self.value`, width, visionWidth, true)
      plan.linear(`${layer}.crossattention.output.dense`, width, width, true)
      plan.norm(`${layer}.crossattention.output.LayerNorm`, width, true)
    }
    plan.linear(`${layer}.intermediate.dense`, intermediate, width, true)
    plan.linear(`${layer}.output.dense`, width, intermediate, true)
    plan.norm(`${layer}.output.LayerNorm`, width, true)
    plan.linear(`${layer}.intermediate_query.dense`, intermediate, width, true)
    plan.linear(`${layer}.output_query.dense`, width, intermediate, true)
    plan.norm(`${layer}.output_query.LayerNorm`, width, true)
  }
  plan.add('Qformer.cls.predictions.bias', [UNUSED_TEXT_VOCAB], { kind: 'normal', std: 0.02 })
  plan.linear('Qformer.cls.predictions.transform.dense', width, width, true)
  plan.norm('Qformer.cls.predictions.transform.LayerNorm', width, true)
  plan.add('query_tokens', [1, queries, width], { kind: 'normal', std: 1 })
  plan.norm('ln_vision', visionWidth, true)
  plan.linear('t5_proj', UNUSED_T5_WIDTH, width, true)
  return plan
}

/** Qwen decoder tensors under `prefix` (no prefix in the HF folder). */
function addQwenBlocks(plan: TensorPlan, arch: TestModelArch, prefix: string): void {
  const { hidden, layers, mlpWidth, vocab } = arch.llm
  plan.add(`${prefix}transformer.wte.weight`, [vocab, hidden], { kind: 'normal', std: 1 })
  for (let i = 0; i < layers; i++) {
    const block = `${prefix}transformer.h.${i}`
    plan.norm(`${block}.ln_1`, hidden, false)
    plan.linear(`${block}.attn.c_attn`, 3 * hidden, hidden, true)
    plan.linear(`${block}.attn.c_proj`, hidden, hidden, false)
    plan.norm(`${block}.ln_2`, hidden, false)
    plan.linear(`${block}.mlp.w1`, mlpWidth, hidden, false)
    plan.linear(`${block}.mlp.w2`, mlpWidth, hidden, false)
    plan.linear(`${block}.mlp.c_proj`, hidden, mlpWidth, false)
  }
}

/**
 * Final norm and untied head; the head is scaled so logits spread over several units. With
 * `headPairs`, only those token pairs can win: one of each pair scores at least zero, every other
 * token exactly zero, and the pairs' scores are large enough to hold nearly all sampling mass.
 */
function addQwenHead(
  plan: TensorPlan,
  arch: TestModelArch,
  prefix: string,
  headPairs?: readonly (readonly [number, number])[]
): void {
  const { hidden, vocab } = arch.llm
  plan.norm(`${prefix}transformer.ln_f`, hidden, false)
  plan.add(
    `${prefix}lm_head.weight`,
    [vocab, hidden],
    headPairs
      ? { kind: 'paired-rows', std: 40 / Math.sqrt(hidden), pairs: headPairs }
      : { kind: 'normal', std: 4 / Math.sqrt(hidden) }
  )
}

/** The base Qwen HF folder's weights (bf16). The SFT file overrides wte and h.*, with other values. */
export function qwenPlan(
  arch: TestModelArch,
  seed: number,
  headPairs?: readonly (readonly [number, number])[]
): TensorPlan {
  const plan = new TensorPlan(seed, () => 'bfloat16')
  addQwenBlocks(plan, arch, '')
  addQwenHead(plan, arch, '', headPairs)
  return plan
}

/** unfreeze_llm_model.pth (bf16, no wrapper): llm_proj, wte, h.*, and ln_f/lm_head only if asked. */
export function sftPlan(arch: TestModelArch, seed: number, withHead: boolean): TensorPlan {
  const plan = new TensorPlan(seed, () => 'bfloat16')
  plan.linear('llm_proj', arch.llm.hidden, arch.qformer.width, true)
  addQwenBlocks(plan, arch, 'llm_model.')
  if (withHead) addQwenHead(plan, arch, 'llm_model.')
  return plan
}
