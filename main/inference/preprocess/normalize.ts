// ToTensor and CLIP normalisation of a 224x224 RGB image: uint8 HWC -> float32 CHW, /255, then
// (x - mean) / std per channel, each step rounded to float32 as torchvision does.

export const CLIP_MEAN: readonly [number, number, number] = [0.48145466, 0.4578275, 0.40821073]
export const CLIP_STD: readonly [number, number, number] = [0.26862954, 0.26130258, 0.27577711]

// One float32 result per (channel, byte value): 3 x 256 entries.
function buildLookup(): Float32Array {
  const table = new Float32Array(3 * 256)
  for (let c = 0; c < 3; c++) {
    const mean = Math.fround(CLIP_MEAN[c])
    const std = Math.fround(CLIP_STD[c])
    for (let v = 0; v < 256; v++) {
      const scaled = Math.fround(v / 255)
      table[c * 256 + v] = Math.fround(Math.fround(scaled - mean) / std)
    }
  }
  return table
}

const lookup = buildLookup()

/** Interleaved RGB (width * height * 3 bytes) to a normalised float32 [3, height, width] tensor. */
export function normalizeClip(rgb: Uint8Array, width: number, height: number): Float32Array {
  const plane = width * height
  if (rgb.length !== plane * 3) {
    throw new RangeError(`normalizeClip: expected ${plane * 3} bytes, got ${rgb.length}`)
  }
  const out = new Float32Array(plane * 3)
  for (let i = 0, s = 0; i < plane; i++, s += 3) {
    out[i] = lookup[rgb[s]]
    out[plane + i] = lookup[256 + rgb[s + 1]]
    out[2 * plane + i] = lookup[512 + rgb[s + 2]]
  }
  return out
}
