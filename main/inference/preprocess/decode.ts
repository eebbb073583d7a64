// Decodes an image file to interleaved 8-bit RGB with the pixels Pillow's
// `Image.open(path).convert("RGB")` gives: no ICC conversion, no EXIF rotation, alpha dropped
// without compositing, Pillow's own rules for CMYK and 16-bit greyscale, first frame only.
import { readFile, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import sharp from 'sharp'
import type { Metadata, Sharp } from 'sharp'
import { MediaError } from '../../media/errors'
import { gifTransparentColour } from './gif-transparency'

export interface RgbImage {
  /** width * height * 3 bytes, row-major, R G B. */
  data: Uint8Array
  width: number
  height: number
}

export interface DecodeOptions {
  /** Images with more pixels than this are rejected from their header, before decoding. */
  maxPixels?: number
  /** Name used in error messages when the input is a buffer. */
  name?: string
}

// Pillow's decompression-bomb error threshold (2 x Image.MAX_IMAGE_PIXELS).
export const DEFAULT_MAX_PIXELS = 178_956_970

async function readInput(input: string | Uint8Array, name: string): Promise<Uint8Array> {
  if (typeof input !== 'string') return input
  let size: number
  try {
    const info = await stat(input)
    if (!info.isFile()) throw new MediaError('NOT_FOUND', `${name} is not a file`)
    size = info.size
  } catch (error) {
    if (error instanceof MediaError) throw error
    throw new MediaError('NOT_FOUND', `${name} cannot be opened: it does not exist`, {
      cause: error
    })
  }
  if (size === 0) throw new MediaError('EMPTY_FILE', `${name} is empty (0 bytes)`)
  return readFile(input)
}

function decodeFailure(name: string, error: unknown): MediaError {
  const detail = error instanceof Error ? error.message : String(error)
  if (/unsupported image format/i.test(detail)) {
    return new MediaError('NOT_AN_IMAGE', `${name} is not a readable image: unknown format`, {
      cause: error
    })
  }
  if (/premature end|unexpected end|truncat|end of (file|data)/i.test(detail)) {
    return new MediaError('TRUNCATED', `${name} is not a readable image: truncated image data`, {
      cause: error
    })
  }
  return new MediaError('DECODE_FAILED', `${name} is not a readable image: ${detail}`, {
    cause: error
  })
}

function open(bytes: Uint8Array): Sharp {
  // Pixel limits are enforced from the header above; failOn 'truncated' matches Pillow, which
  // tolerates decoder warnings but refuses files that end early.
  return sharp(bytes, { ignoreIcc: true, failOn: 'truncated', limitInputPixels: false })
}

function toRgb(
  source: Uint8Array,
  pixels: number,
  channels: number,
  convert: (src: Uint8Array, s: number, out: Uint8Array, o: number) => void
): Uint8Array {
  const out = new Uint8Array(pixels * 3)
  for (let i = 0, s = 0, o = 0; i < pixels; i++, s += channels, o += 3) convert(source, s, out, o)
  return out
}

// Pillow reads 16-bit greyscale PNG as mode "I" and converts it to RGB by clipping to 0..255.
async function decodeGrey16(bytes: Uint8Array, pixels: number): Promise<Uint8Array> {
  const { data } = await open(bytes)
    .toColourspace('grey16')
    .raw({ depth: 'ushort' })
    .toBuffer({ resolveWithObject: true })
  const grey = new Uint16Array(data.buffer, data.byteOffset, data.length / 2)
  const out = new Uint8Array(pixels * 3)
  for (let i = 0, o = 0; i < pixels; i++, o += 3) {
    const v = grey[i] > 255 ? 255 : grey[i]
    out[o] = v
    out[o + 1] = v
    out[o + 2] = v
  }
  return out
}

// Pillow's cmyk2rgb: each channel is (255 - K) - C * (255 - K) / 255 with its integer rounding.
async function decodeCmyk(bytes: Uint8Array, pixels: number): Promise<Uint8Array> {
  const { data } = await open(bytes)
    .pipelineColourspace('cmyk')
    .toColourspace('cmyk')
    .raw()
    .toBuffer({ resolveWithObject: true })
  return toRgb(data, pixels, 4, (src, s, out, o) => {
    const inverseK = 255 - src[s + 3]
    for (let c = 0; c < 3; c++) {
      const t = src[s + c] * inverseK + 128
      const v = inverseK - ((t + (t >> 8)) >> 8)
      out[o + c] = v < 0 ? 0 : v
    }
  })
}

async function decodeSrgb(bytes: Uint8Array, metadata: Metadata): Promise<RgbImage> {
  const { data, info } = await open(bytes).raw().toBuffer({ resolveWithObject: true })
  const pixels = info.width * info.height
  let rgb: Uint8Array
  if (info.channels === 3) {
    rgb = new Uint8Array(data.buffer, data.byteOffset, data.length)
  } else if (info.channels === 4) {
    const fill = metadata.format === 'gif' ? gifTransparentColour(bytes) : undefined
    rgb = toRgb(data, pixels, 4, (src, s, out, o) => {
      if (fill && src[s + 3] === 0) {
        out[o] = fill[0]
        out[o + 1] = fill[1]
        out[o + 2] = fill[2]
      } else {
        out[o] = src[s]
        out[o + 1] = src[s + 1]
        out[o + 2] = src[s + 2]
      }
    })
  } else {
    const channels = info.channels
    rgb = toRgb(data, pixels, channels, (src, s, out, o) => {
      out[o] = src[s]
      out[o + 1] = src[s]
      out[o + 2] = src[s]
    })
  }
  return { data: rgb, width: info.width, height: info.height }
}

/**
 * The one pixel limit, checked from the header's size before anything is decoded: at upload (so a
 * file the model could never take is refused when it is added) and again before the model decodes.
 */
export function pixelLimitError(
  name: string,
  width: number,
  height: number,
  maxPixels = DEFAULT_MAX_PIXELS
): MediaError | null {
  if (width * height <= maxPixels) return null
  return new MediaError(
    'TOO_LARGE',
    `${name} is too large: ${width}x${height} pixels exceeds the limit of ` +
      `${maxPixels.toLocaleString('en-US')} pixels`
  )
}

/** Decodes `input` (a path or the file's bytes) to RGB pixels as Pillow stores them. */
export async function decodeRgb(
  input: string | Uint8Array,
  options: DecodeOptions = {}
): Promise<RgbImage> {
  const name = options.name ?? (typeof input === 'string' ? basename(input) : 'image')
  const bytes = await readInput(input, name)
  if (bytes.length === 0) throw new MediaError('EMPTY_FILE', `${name} is empty (0 bytes)`)
  let metadata: Metadata
  try {
    metadata = await open(bytes).metadata()
  } catch (error) {
    throw decodeFailure(name, error)
  }
  const { width, height } = metadata
  if (!width || !height) {
    throw new MediaError('NOT_AN_IMAGE', `${name} is not a readable image: no dimensions`)
  }
  const tooLarge = pixelLimitError(name, width, height, options.maxPixels)
  if (tooLarge) throw tooLarge
  try {
    if (metadata.space === 'grey16' && metadata.channels === 1) {
      return { data: await decodeGrey16(bytes, width * height), width, height }
    }
    if (metadata.space === 'cmyk') {
      return { data: await decodeCmyk(bytes, width * height), width, height }
    }
    return await decodeSrgb(bytes, metadata)
  } catch (error) {
    if (error instanceof MediaError) throw error
    throw decodeFailure(name, error)
  }
}
