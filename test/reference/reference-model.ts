// The float64 reference model: the seed's inference math (MODEL-SPEC §3-§5, §7.2, §8) computed
// straight from the SOURCE checkpoints, independent of the converter and the ONNX graphs.
// Tests compare the engine's outputs against it.
import type { QwenConfig } from '../../main/inference/checkpoint/qwen-config'
import { QwenReference, type ForwardOptions } from './qwen'

export type { ForwardOptions } from './qwen'
import { defaultSourcePaths, openSources, type SourcePaths } from './sources'
import { loadVisionTensors, VisionReference, visionArch, type VisionArch } from './vision'

export const IMAGE_PAD_ID = 151646
export const STOP_IDS: readonly number[] = [151645, 151644]

export interface ReferenceModel {
  readonly vision: VisionArch
  readonly llm: QwenConfig
  readonly vocab: number
  /** Image embeddings [N, queries, H] for N preprocessed images, each [3, S, S]. */
  embedImages(pixels: readonly Float32Array[]): Float64Array
  /** wte rows [L, H] for token ids. */
  embedTokens(ids: readonly number[]): Float64Array
  /** wte rows with the rows at every id 151646 overwritten by image embeddings, in order. */
  spliceImages(ids: readonly number[], imageEmbeds: Float64Array | undefined): Float64Array
  /** Final hidden states [L, H] (before ln_f) for input embeddings [L, H]. */
  hidden(embeds: Float64Array, options?: ForwardOptions): Float64Array
  /** Last-position logits [vocab] for input embeddings [L, H]. */
  logits(embeds: Float64Array, options?: ForwardOptions): Float64Array
  /** Greedy decoding: up to n new ids, stopping after a stop id (which is included). */
  greedy(
    ids: readonly number[],
    imageEmbeds: Float64Array | undefined,
    n: number,
    stopIds?: readonly number[]
  ): number[]
}

export async function loadReference(source: string | SourcePaths): Promise<ReferenceModel> {
  const paths = typeof source === 'string' ? defaultSourcePaths(source) : source
  const weights = await openSources(paths)
  try {
    const arch = visionArch(weights)
    const vision = new VisionReference(arch, await loadVisionTensors(weights, arch))
    const qwen = await QwenReference.load(weights)
    return buildModel(vision, qwen)
  } finally {
    await weights.close()
  }
}

function buildModel(vision: VisionReference, qwen: QwenReference): ReferenceModel {
  const H = qwen.config.hidden
  const spliceImages = (
    ids: readonly number[],
    imageEmbeds: Float64Array | undefined
  ): Float64Array => {
    const embeds = qwen.embedTokens(ids)
    let slot = 0
    ids.forEach((id, row) => {
      if (id !== IMAGE_PAD_ID) return
      if (!imageEmbeds || (slot + 1) * H > imageEmbeds.length) {
        throw new Error('reference: more image placeholders than image embeddings')
      }
      embeds.set(imageEmbeds.subarray(slot * H, (slot + 1) * H), row * H)
      slot += 1
    })
    if (imageEmbeds && slot * H !== imageEmbeds.length) {
      throw new Error('reference: fewer image placeholders than image embeddings')
    }
    return embeds
  }
  return {
    vision: vision.arch,
    llm: qwen.config,
    vocab: qwen.vocab,
    embedImages(pixels) {
      const perImage = vision.arch.queries * H
      const out = new Float64Array(pixels.length * perImage)
      pixels.forEach((image, i) => out.set(vision.embedImage(image), i * perImage))
      return out
    },
    embedTokens: (ids) => qwen.embedTokens(ids),
    spliceImages,
    hidden: (embeds, options) => qwen.hidden(embeds, options),
    logits: (embeds, options) => qwen.logits(embeds, options),
    greedy(ids, imageEmbeds, n, stopIds = STOP_IDS) {
      const prompt = spliceImages(ids, imageEmbeds)
      const prefillLength = ids.length
      const generated: number[] = []
      let embeds = prompt
      for (let step = 0; step < n; step++) {
        const next = argmax(qwen.logits(embeds, { ntkLength: prefillLength }))
        generated.push(next)
        if (stopIds.includes(next)) break
        const grown = new Float64Array(embeds.length + H)
        grown.set(embeds)
        grown.set(qwen.embedTokens([next]), embeds.length)
        embeds = grown
      }
      return generated
    }
  }
}

/** Index of the largest value (first one on ties, as torch.argmax). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i
  return best
}
