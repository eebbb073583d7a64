// Writes a random-weight model in the seed's own source formats (MODEL-SPEC §10.1), so tests
// exercise the same conversion path as the real downloads: eva_vit_g.pth,
// blip2_pretrained_flant5xxl.pth, a Qwen HF folder and unfreeze_llm_model.pth, plus arch.json.
import { copyFile, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { dtypeBytes, elementCount } from '../checkpoint/dtype'
import { writePth } from '../checkpoint/pth-writer'
import { writeShardedSafetensors } from '../checkpoint/safetensors-writer'
import { presets, REDUCED_VOCAB, type PresetName, type TestModelArch } from './presets'
import { blip2Plan, qwenPlan, sftPlan, visionPlan } from './source-plans'

export const SOURCE_FILES = {
  vision: 'eva_vit_g.pth',
  blip2: 'blip2_pretrained_flant5xxl.pth',
  qwenFolder: 'qwen',
  sft: 'unfreeze_llm_model.pth',
  arch: 'arch.json'
} as const

export interface MakeTestModelOptions {
  readonly outDir: string
  readonly preset?: PresetName
  readonly seed?: number
  /** 'reduced' drops the padding rows (151851 rows instead of 151936). */
  readonly vocab?: 'full' | 'reduced'
  /** Put ln_f and lm_head into the SFT file too (by default they come from the Qwen folder). */
  readonly sftWithHead?: boolean
  /** qwen.tiktoken to copy into the Qwen folder. */
  readonly tokenizerPath: string
  /** Decoder layers instead of the preset's (a four-stage split test needs four). */
  readonly llmLayers?: number
  /** config.json seq_length instead of the preset's (the demo model wants the real 8192). */
  readonly seqLength?: number
  /** Token id pairs that alone can be generated (the demo model's harmless words). */
  readonly headPairs?: readonly (readonly [number, number])[]
}

export interface TestModelFiles {
  readonly arch: TestModelArch
  readonly vision: string
  readonly blip2: string
  readonly qwenFolder: string
  readonly sft: string
  readonly archJson: string
}

/** The arch.json the converter reads for numbers that tensor shapes cannot tell. */
export function archJson(arch: TestModelArch): object {
  return {
    vision: {
      heads: arch.vision.heads,
      layerNormEps: arch.vision.layerNormEps,
      lnVisionEps: arch.vision.lnVisionEps,
      // The file holds depth+1 blocks on purpose (as EVA-CLIP-g's 40 vs the model's 39).
      depth: arch.vision.depth
    },
    qformer: {
      heads: arch.qformer.heads,
      crossAttentionFreq: arch.qformer.crossAttentionFreq,
      layerNormEps: arch.qformer.layerNormEps
    },
    imageSize: arch.vision.imageSize,
    patchSize: arch.vision.patchSize
  }
}

/** Qwen v1.1 remote-code config.json for the test decoder. */
export function qwenConfigJson(arch: TestModelArch): object {
  const llm = arch.llm
  return {
    architectures: ['QWenLMHeadModel'],
    model_type: 'qwen',
    hidden_size: llm.hidden,
    num_hidden_layers: llm.layers,
    num_attention_heads: llm.heads,
    kv_channels: llm.headDim,
    intermediate_size: 2 * llm.mlpWidth,
    vocab_size: llm.vocab,
    seq_length: llm.seqLength,
    max_position_embeddings: 8192,
    layer_norm_epsilon: llm.rmsEps,
    rotary_emb_base: llm.rotaryBase,
    rotary_pct: 1.0,
    use_dynamic_ntk: true,
    use_logn_attn: true,
    no_bias: true,
    tie_word_embeddings: false,
    emb_dropout_prob: 0.0,
    attn_dropout_prob: 0.0,
    scale_attn_weights: true,
    initializer_range: 0.02,
    use_flash_attn: 'auto',
    bf16: false,
    fp16: false,
    fp32: false,
    softmax_in_fp32: false,
    use_cache: true,
    use_cache_quantization: false,
    use_cache_kernel: false,
    tokenizer_class: 'QWenTokenizer',
    torch_dtype: 'bfloat16',
    transformers_version: '4.32.0'
  }
}

export function testModelArch(preset: PresetName, vocab: 'full' | 'reduced'): TestModelArch {
  const base = presets[preset]
  return vocab === 'full' ? base : { ...base, llm: { ...base.llm, vocab: REDUCED_VOCAB } }
}

export async function makeTestModel(options: MakeTestModelOptions): Promise<TestModelFiles> {
  const preset = testModelArch(options.preset ?? 'tiny', options.vocab ?? 'full')
  const arch = {
    ...preset,
    llm: {
      ...preset.llm,
      layers: options.llmLayers ?? preset.llm.layers,
      seqLength: options.seqLength ?? preset.llm.seqLength
    }
  }
  const seed = options.seed ?? 1
  const out = options.outDir
  const qwenFolder = join(out, SOURCE_FILES.qwenFolder)
  await mkdir(qwenFolder, { recursive: true })

  const files: TestModelFiles = {
    arch,
    vision: join(out, SOURCE_FILES.vision),
    blip2: join(out, SOURCE_FILES.blip2),
    qwenFolder,
    sft: join(out, SOURCE_FILES.sft),
    archJson: join(out, SOURCE_FILES.arch)
  }
  await writePth(files.vision, visionPlan(arch, seed).tensors)
  await writePth(files.blip2, blip2Plan(arch, seed).tensors, { wrapInModel: true })
  const qwen = qwenPlan(arch, seed, options.headPairs).tensors
  const qwenBytes = qwen.reduce((sum, t) => sum + elementCount(t.shape) * dtypeBytes[t.dtype], 0)
  // Roughly three shards, so the index and cross-shard lookups are always exercised.
  await writeShardedSafetensors(qwenFolder, qwen, Math.ceil(qwenBytes / 3))
  await writeFile(
    join(qwenFolder, 'config.json'),
    JSON.stringify(qwenConfigJson(arch), null, 2) + '\n'
  )
  await copyFile(options.tokenizerPath, join(qwenFolder, 'qwen.tiktoken'))
  await writePth(files.sft, sftPlan(arch, seed, options.sftWithHead ?? false).tensors)
  await writeFile(files.archJson, JSON.stringify(archJson(arch), null, 2) + '\n')
  return files
}
