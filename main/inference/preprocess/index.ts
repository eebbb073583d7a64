// Image preprocessing of the seed's `blip_image_eval` processor: decode as Pillow does, squash-
// resize to 224x224 with Pillow's antialiased bicubic, ToTensor and CLIP normalisation.
import { decodeRgb } from './decode'
import type { DecodeOptions, RgbImage } from './decode'
import { normalizeClip } from './normalize'
import { resizeBicubic } from './resize-bicubic'

export { decodeRgb, DEFAULT_MAX_PIXELS, pixelLimitError } from './decode'
export type { DecodeOptions, RgbImage } from './decode'
export { resizeBicubic, computeCoefficients } from './resize-bicubic'
export { normalizeClip, CLIP_MEAN, CLIP_STD } from './normalize'

export const IMAGE_SIZE = 224
/** Number of float32 values in one preprocessed image: 3 * 224 * 224. */
export const IMAGE_TENSOR_LENGTH = 3 * IMAGE_SIZE * IMAGE_SIZE

/** Resizes already-decoded RGB pixels and normalises them: one [3, 224, 224] tensor. */
export function preprocessRgb(image: RgbImage): Float32Array {
  const resized = resizeBicubic(image.data, image.width, image.height, IMAGE_SIZE, IMAGE_SIZE)
  return normalizeClip(resized, IMAGE_SIZE, IMAGE_SIZE)
}

/** Decodes and preprocesses one image file (path or bytes) into a [3, 224, 224] tensor. */
export async function preprocessImage(
  input: string | Uint8Array,
  options?: DecodeOptions
): Promise<Float32Array> {
  return preprocessRgb(await decodeRgb(input, options))
}
