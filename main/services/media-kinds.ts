// Which files the app accepts, decided from the name's extension (then confirmed by decoding):
// images sharp can read and videos ffmpeg can read, with a size limit each.
import { extname } from 'node:path'
import type { AttachmentKind } from '../../preload/contract/types'

const IMAGE_EXTENSIONS = new Set([
  '.jpg',
  '.jpeg',
  '.png',
  '.webp',
  '.gif',
  '.bmp',
  '.tif',
  '.tiff',
  '.avif'
])
const VIDEO_EXTENSIONS = new Set(['.mp4', '.mkv', '.webm', '.mov', '.avi', '.m4v', '.mpg', '.mpeg'])

export const MAX_BYTES: Readonly<Record<AttachmentKind, number>> = {
  image: 200 * 1024 * 1024,
  video: 4 * 1024 * 1024 * 1024
}

/** The kind a file name claims, or null for a type the app does not take. */
export function kindOfName(name: string): AttachmentKind | null {
  const ext = extname(name).toLowerCase()
  if (IMAGE_EXTENSIONS.has(ext)) return 'image'
  if (VIDEO_EXTENSIONS.has(ext)) return 'video'
  return null
}

/** A safe extension for the stored copy (the original's, lower-cased, or none). */
export function storedExtension(name: string): string {
  const ext = extname(name).toLowerCase()
  return /^\.[a-z0-9]{1,5}$/.test(ext) ? ext : ''
}
