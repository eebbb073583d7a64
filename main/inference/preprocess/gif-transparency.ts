// Reads the colour that a GIF's first frame assigns to its transparent palette index. Pillow's
// `convert("RGB")` shows transparent GIF pixels in that palette colour, while libvips decodes
// them as transparent black, so the decoder repaints them with it.

export type Rgb = readonly [number, number, number]

function paletteBytes(flags: number): number {
  return 3 * (1 << ((flags & 0x07) + 1))
}

// Steps over a chain of GIF data sub-blocks; returns the offset after the terminator.
function skipSubBlocks(gif: Uint8Array, offset: number): number {
  let at = offset
  while (at < gif.length) {
    const size = gif[at]
    at += 1 + size
    if (size === 0) return at
  }
  return -1
}

/** The RGB colour of the first frame's transparent index, or undefined when it has none. */
export function gifTransparentColour(gif: Uint8Array): Rgb | undefined {
  const signature = String.fromCharCode(...gif.subarray(0, 6))
  if (signature !== 'GIF87a' && signature !== 'GIF89a') return undefined
  if (gif.length < 13) return undefined
  const screenFlags = gif[10]
  let at = 13
  let globalPalette: number | undefined
  if (screenFlags & 0x80) {
    globalPalette = at
    at += paletteBytes(screenFlags)
  }
  let transparentIndex: number | undefined
  while (at > 0 && at < gif.length) {
    const introducer = gif[at]
    if (introducer === 0x21) {
      const label = gif[at + 1]
      if (label === 0xf9 && gif[at + 2] === 4 && at + 6 < gif.length) {
        transparentIndex = gif[at + 3] & 0x01 ? gif[at + 6] : undefined
      }
      at = skipSubBlocks(gif, at + 2)
    } else if (introducer === 0x2c) {
      if (transparentIndex === undefined || at + 9 >= gif.length) return undefined
      const imageFlags = gif[at + 9]
      const palette = imageFlags & 0x80 ? at + 10 : globalPalette
      if (palette === undefined) return undefined
      const entry = palette + transparentIndex * 3
      if (entry + 2 >= gif.length) return undefined
      return [gif[entry], gif[entry + 1], gif[entry + 2]]
    } else {
      return undefined
    }
  }
  return undefined
}
