// Architecture numbers of the random test models. `tiny` keeps every unit test fast while
// keeping each structural feature of the real model; `small` is big enough to time.

export interface TestModelArch {
  readonly vision: {
    readonly width: number
    readonly depth: number
    readonly heads: number
    readonly mlpWidth: number
    readonly patchSize: number
    readonly imageSize: number
    readonly layerNormEps: number
    readonly lnVisionEps: number
  }
  readonly qformer: {
    readonly width: number
    readonly depth: number
    readonly heads: number
    readonly intermediate: number
    readonly queries: number
    readonly crossAttentionFreq: number
    readonly layerNormEps: number
  }
  readonly llm: {
    readonly hidden: number
    readonly layers: number
    readonly heads: number
    readonly headDim: number
    readonly mlpWidth: number
    readonly vocab: number
    readonly seqLength: number
    readonly rmsEps: number
    readonly rotaryBase: number
  }
}

export type PresetName = 'tiny' | 'small'

/** Rows of the real embedding table (151851 defined ids plus padding rows). */
export const FULL_VOCAB = 151936
/** Ids 0..151850 are defined by the tokenizer; the reduced vocab drops only the padding rows. */
export const REDUCED_VOCAB = 151851

const shared = {
  patchSize: 14,
  imageSize: 224,
  layerNormEps: 1e-6,
  lnVisionEps: 1e-5
}

export const presets: Readonly<Record<PresetName, TestModelArch>> = {
  tiny: {
    // mlp 172 is deliberately odd-sized; seq_length 128 lets multi-turn tests cross the dynamic
    // NTK / logn threshold with short prompts.
    vision: { width: 64, depth: 2, heads: 2, mlpWidth: 172, ...shared },
    qformer: {
      width: 48,
      depth: 4,
      heads: 4,
      intermediate: 96,
      queries: 32,
      crossAttentionFreq: 2,
      layerNormEps: 1e-12
    },
    llm: {
      hidden: 64,
      layers: 3,
      heads: 4,
      headDim: 16,
      mlpWidth: 88,
      vocab: FULL_VOCAB,
      seqLength: 128,
      rmsEps: 1e-6,
      rotaryBase: 10000
    }
  },
  small: {
    vision: { width: 384, depth: 6, heads: 6, mlpWidth: 1536, ...shared },
    qformer: {
      width: 256,
      depth: 4,
      heads: 4,
      intermediate: 1024,
      queries: 32,
      crossAttentionFreq: 2,
      layerNormEps: 1e-12
    },
    llm: {
      hidden: 1024,
      layers: 8,
      heads: 8,
      headDim: 128,
      mlpWidth: 2816,
      vocab: FULL_VOCAB,
      seqLength: 8192,
      rmsEps: 1e-6,
      rotaryBase: 10000
    }
  }
}
