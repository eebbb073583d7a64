// Small previews made with sharp, returned as data: URLs so the renderer never needs a path.
import sharp from 'sharp'

export interface ImageFacts {
  readonly width: number
  readonly height: number
  readonly thumbnail: string
}

async function toDataUrl(
  input: string | Uint8Array,
  size: number,
  quality: number
): Promise<string> {
  const jpeg = await sharp(input, { failOn: 'error' })
    .rotate()
    .resize(size, size, { fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality })
    .toBuffer()
  return `data:image/jpeg;base64,${jpeg.toString('base64')}`
}

/** Decodes the whole image (so a truncated file fails here, not at generation) and thumbnails it. */
export async function describeImage(input: string | Uint8Array): Promise<ImageFacts> {
  const image = sharp(input, { failOn: 'error' })
  const meta = await image.metadata()
  await image.clone().raw().toBuffer()
  const thumbnail = await toDataUrl(input, 160, 70)
  return { width: meta.width ?? 0, height: meta.height ?? 0, thumbnail }
}

export function thumbnailOf(input: string | Uint8Array, size = 160): Promise<string> {
  return toDataUrl(input, size, size > 400 ? 85 : 70)
}
