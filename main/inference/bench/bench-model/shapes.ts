// The architectures `mpp make-bench-model` writes: the real MPP-Qwen-Next shapes (MODEL-SPEC §3–§5:
// EVA ViT-g, the BLIP-2 Q-Former, llm_proj, Qwen-7B-Chat or Qwen-14B-Chat) and the test models'
// small shapes, as the converter would derive them from the source files.
import type { Manifest } from '../../package/manifest'
import { presets, type TestModelArch } from '../../test-model/presets'

export const BENCH_SHAPES = ['qwen-7b', 'qwen-14b', 'tiny', 'small'] as const
export type BenchShape = (typeof BENCH_SHAPES)[number]

type Arch = Manifest['arch']

/** EVA ViT-g as BLIP-2 uses it (39 of EVA-CLIP-g's 40 blocks), MODEL-SPEC §3. */
const EVA_VIT_G: Arch['vision'] = {
  width: 1408,
  depth: 39,
  heads: 16,
  mlpWidth: 6144,
  patchSize: 14,
  imageSize: 224,
  layerNormEps: 1e-6,
  lnVisionEps: 1e-5
}

/** bert-base Q-Former with cross-attention every second layer, MODEL-SPEC §4. */
const BLIP2_QFORMER: Arch['qformer'] = {
  width: 768,
  depth: 12,
  heads: 12,
  intermediate: 3072,
  crossAttentionFreq: 2,
  layerNormEps: 1e-12,
  queries: 32,
  encoderWidth: 1408
}

/** Qwen-Chat v1.1 decoders, MODEL-SPEC §5 (MLP width = config intermediate_size / 2). */
const QWEN_7B: Arch['llm'] = {
  hidden: 4096,
  layers: 32,
  heads: 32,
  headDim: 128,
  mlpWidth: 11008,
  vocab: 151936,
  seqLength: 8192,
  rmsEps: 1e-6,
  rotaryBase: 10000,
  useDynamicNtk: true,
  useLognAttn: true
}

const QWEN_14B: Arch['llm'] = {
  ...QWEN_7B,
  hidden: 5120,
  layers: 40,
  heads: 40,
  mlpWidth: 13696,
  vocab: 152064,
  seqLength: 2048
}

/** A test preset as `mpp convert` derives it from `mpp make-test-model`'s files. */
function fromTestPreset(preset: TestModelArch): Arch {
  return {
    vision: { ...preset.vision },
    qformer: { ...preset.qformer, encoderWidth: preset.vision.width },
    llm: { ...preset.llm, useDynamicNtk: true, useLognAttn: true }
  }
}

export function benchArch(shape: BenchShape): Arch {
  switch (shape) {
    case 'qwen-7b':
      return { vision: EVA_VIT_G, qformer: BLIP2_QFORMER, llm: QWEN_7B }
    case 'qwen-14b':
      return { vision: EVA_VIT_G, qformer: BLIP2_QFORMER, llm: QWEN_14B }
    case 'tiny':
    case 'small':
      return fromTestPreset(presets[shape])
  }
}
