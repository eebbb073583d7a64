// Reads the numbers the planner counts with out of a package manifest: per-layer weight bytes as
// the converter measured them, plus the shape numbers that size the KV cache and work buffers.
import type { Manifest } from '../package/manifest'
import { decoderWeightsFile, HEAD_WEIGHTS_FILE, VISION_WEIGHTS_FILE } from '../package/tensor-names'
import type { LargestTensors, ModelSizes, TensorSize } from './types'

/** The decoder graphs keep K/V as float32 graph I/O on every backend (RUNTIME-CONTRACT.md). */
const KV_ELEMENT_BYTES = 4

export function modelSizesFromManifest(manifest: Manifest): ModelSizes {
  const { llm, vision } = manifest.arch
  return {
    layers: llm.layers,
    layerWeightBytes: [...manifest.sizes.decoderLayerBytes],
    headBytes: manifest.sizes.headBytes,
    embedBytes: manifest.sizes.embeddingBytes,
    visionBytes: manifest.sizes.visionBytes,
    hidden: llm.hidden,
    heads: llm.heads,
    headDim: llm.headDim,
    mlpWidth: llm.mlpWidth,
    vocab: llm.vocab,
    seqLength: llm.seqLength,
    kvElementBytes: KV_ELEMENT_BYTES,
    visionWorkBytes: visionWorkBytes(vision),
    largestTensors: largestTensors(manifest)
  }
}

/** The largest stored tensor of each weight file (a part's tensors share its file). */
export function largestTensors(manifest: Manifest): LargestTensors {
  const largest = new Map<string, TensorSize>()
  for (const [name, entry] of Object.entries(manifest.tensors)) {
    const current = largest.get(entry.file)
    if (!current || entry.bytes > current.bytes)
      largest.set(entry.file, { name, bytes: entry.bytes })
  }
  return {
    layers: Array.from(
      { length: manifest.arch.llm.layers },
      (_, layer) => largest.get(decoderWeightsFile(layer)) ?? null
    ),
    head: largest.get(HEAD_WEIGHTS_FILE) ?? null,
    vision: largest.get(VISION_WEIGHTS_FILE) ?? null
  }
}

/**
 * One image through the ViT: T = (imageSize / patchSize)^2 + 1 tokens of float32 activations
 * T x (4 x width + 2 x mlpWidth) plus one block's attention scores heads x T x T.
 */
export function visionWorkBytes(vision: Manifest['arch']['vision']): number {
  const tokens = (vision.imageSize / vision.patchSize) ** 2 + 1
  return 4 * (tokens * (4 * vision.width + 2 * vision.mlpWidth) + vision.heads * tokens * tokens)
}
