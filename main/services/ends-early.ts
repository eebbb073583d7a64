// Whether a picture file stops before its format's closing marker: a JPEG without its end-of-image
// marker (FF D9), a PNG without its IEND chunk. It tells a cut-off file from another unreadable
// one by the bytes themselves, because the decoder's message cannot be relied on: libvips keeps
// one error buffer for all threads, so when several pictures fail at once a truncated JPEG can
// come back as "Unknown error" (13 of 80 concurrent decodes here).
import { open } from 'node:fs/promises'

const JPEG_START = Buffer.from([0xff, 0xd8, 0xff])
const JPEG_END = Buffer.from([0xff, 0xd9])
const PNG_START = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
/** The IEND chunk: zero length, its type, and its CRC. */
const PNG_END = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82])
/** Bytes some writers leave after a JPEG's end marker (padding); the marker may sit before them. */
const JPEG_TAIL_SLACK = 32

/** From a file's first and last bytes (up to 64 of each). */
export function endsEarly(head: Buffer, tail: Buffer): boolean {
  if (head.subarray(0, JPEG_START.length).equals(JPEG_START)) {
    return !tail.subarray(-(JPEG_END.length + JPEG_TAIL_SLACK)).includes(JPEG_END)
  }
  if (head.subarray(0, PNG_START.length).equals(PNG_START)) {
    return !tail.subarray(-PNG_END.length).equals(PNG_END)
  }
  return false
}

/** endsEarly for a file on disk. */
export async function fileEndsEarly(path: string): Promise<boolean> {
  const file = await open(path, 'r')
  try {
    const { size } = await file.stat()
    const edge = Math.min(64, size)
    const head = Buffer.alloc(edge)
    const tail = Buffer.alloc(edge)
    await file.read(head, 0, edge, 0)
    await file.read(tail, 0, edge, size - edge)
    return endsEarly(head, tail)
  } finally {
    await file.close()
  }
}
