// Small previews made with sharp, returned as data: URLs so the renderer never needs a path.
import sharp, { type Sharp } from 'sharp'
import { pixelLimitError } from '../inference/preprocess/decode'
import type { RawFrame } from './video-tools'

export interface ImageFacts {
  readonly width: number
  readonly height: number
  readonly thumbnail: string
}

type ImageSource = string | Uint8Array | RawFrame

/** Side of an attachment's chip thumbnail, in pixels. */
export const THUMBNAIL_SIDE = 160
/** Side of one frame-strip thumbnail (the frames a video will be sampled at). */
export const FRAME_STRIP_SIDE = 96
/** ffmpeg scales strip frames to this side first: twice the thumbnail, for a clean downscale. */
export const FRAME_STRIP_DECODE_SIDE = 2 * FRAME_STRIP_SIDE

function open(input: ImageSource): Sharp {
  if (typeof input === 'string' || input instanceof Uint8Array) {
    return sharp(input, { failOn: 'error' })
  }
  return sharp(input.data, { raw: { width: input.width, height: input.height, channels: 3 } })
}

async function toDataUrl(input: ImageSource, size: number, quality: number): Promise<string> {
  const jpeg = await open(input)
    .rotate()
    .resize(size, size, { fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality })
    .toBuffer()
  return `data:image/jpeg;base64,${jpeg.toString('base64')}`
}

/**
 * Checks the pixel limit from the header, then decodes the whole image (so a truncated file fails
 * here, not at generation) and thumbnails it. `name` is the file's name for the messages.
 */
export async function describeImage(input: string | Uint8Array, name: string): Promise<ImageFacts> {
  const image = sharp(input, { failOn: 'error', limitInputPixels: false })
  const meta = await image.metadata()
  const tooLarge = pixelLimitError(name, meta.width ?? 0, meta.height ?? 0)
  if (tooLarge) throw tooLarge
  await image.clone().raw().toBuffer()
  const thumbnail = await toDataUrl(input, THUMBNAIL_SIDE, 70)
  return { width: meta.width ?? 0, height: meta.height ?? 0, thumbnail }
}

export function thumbnailOf(input: ImageSource, size = THUMBNAIL_SIDE): Promise<string> {
  return toDataUrl(input, size, size > 400 ? 85 : 70)
}
