// Hand-computed cases of the bicubic resizer and the CLIP normalisation.
import { describe, expect, it } from 'vitest'
import {
  computeCoefficients,
  normalizeClip,
  resizeBicubic
} from '../../../main/inference/preprocess'
import { resizeRgbSimd } from '../../../main/inference/preprocess/simd-resize'

describe('resizeBicubic', () => {
  it('halving two pixels weighs them equally and rounds half up', () => {
    // Scale 2: support 4, centre 1.0, taps at distances -0.25 and 0.25 of equal weight 0.5,
    // i.e. 2^21 each in 22-bit fixed point: (2^21 + 2^21 * (a + b)) >> 22.
    const c = computeCoefficients(2, 1)
    expect(Array.from(c.weights.subarray(0, c.count[0]))).toEqual([1 << 21, 1 << 21])
    const out = resizeBicubic(new Uint8Array([1, 10, 200, 2, 11, 201]), 2, 1, 1, 1)
    expect(Array.from(out)).toEqual([2, 11, 201])
  })

  it('enlarging a single pixel repeats it', () => {
    const out = resizeBicubic(new Uint8Array([7, 130, 250]), 1, 1, 3, 2)
    expect(Array.from(out)).toEqual([
      7, 130, 250, 7, 130, 250, 7, 130, 250, 7, 130, 250, 7, 130, 250, 7, 130, 250
    ])
  })

  it('clips the cubic overshoot at a hard edge to 0..255', () => {
    // A 0/255 step enlarged 4x: the a=-0.5 kernel undershoots below 0 and overshoots above
    // 255 next to the edge, which must clip rather than wrap.
    const row = new Uint8Array([0, 0, 0, 0, 0, 0, 255, 255, 255, 255, 255, 255])
    const out = resizeBicubic(row, 4, 1, 16, 1)
    const red = Array.from({ length: 16 }, (_, i) => out[i * 3])
    expect(red.slice(0, 4)).toEqual([0, 0, 0, 0])
    expect(red.slice(12)).toEqual([255, 255, 255, 255])
    expect(red).toEqual([...red].sort((a, b) => a - b))
  })

  it('returns a copy when the size does not change', () => {
    const input = new Uint8Array([1, 2, 3, 4, 5, 6])
    const out = resizeBicubic(input, 2, 1, 2, 1)
    expect(Array.from(out)).toEqual([1, 2, 3, 4, 5, 6])
    expect(out).not.toBe(input)
  })

  it('the WebAssembly SIMD passes run in this runtime and agree with the JS passes on noise', () => {
    // The Pillow fixtures check both paths against Pillow; this makes sure the SIMD one is
    // really used rather than silently falling back, and covers the shapes its layout must
    // handle: odd widths and row counts, widths that are not a multiple of 16 pixels, one tap
    // group (enlarging) to many (a 30x reduction), and one dimension unchanged.
    const shapes: Array<[number, number, number, number]> = [
      [1001, 777, 224, 201],
      [4000, 33, 224, 224],
      [37, 29, 224, 224],
      [223, 301, 224, 224],
      [6720, 57, 224, 5],
      [224, 1999, 224, 224],
      [999, 224, 224, 224],
      [517, 3, 100, 1]
    ]
    let state = 12345
    for (const [width, height, outW, outH] of shapes) {
      const noise = new Uint8Array(width * height * 3)
      for (let i = 0; i < noise.length; i++) {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0
        noise[i] = state >>> 24
      }
      const viaSimd = resizeRgbSimd(noise, width, height, outW, outH)
      expect(viaSimd, `${width}x${height}`).not.toBeNull()
      const viaJs = resizeBicubic(noise, width, height, outW, outH, { simd: false })
      expect(Buffer.from(viaSimd ?? []).equals(Buffer.from(viaJs)), `${width}x${height}`).toBe(true)
    }
  })

  it('rejects a buffer of the wrong length', () => {
    expect(() => resizeBicubic(new Uint8Array(5), 2, 1, 1, 1)).toThrow(RangeError)
  })
})

describe('normalizeClip', () => {
  it('writes planar channels as (v / 255 - mean) / std', () => {
    const out = normalizeClip(new Uint8Array([0, 255, 128, 255, 0, 64]), 2, 1)
    const expected = [
      (0 - 0.48145466) / 0.26862954,
      (1 - 0.48145466) / 0.26862954,
      (1 - 0.4578275) / 0.26130258,
      (0 - 0.4578275) / 0.26130258,
      (128 / 255 - 0.40821073) / 0.27577711,
      (64 / 255 - 0.40821073) / 0.27577711
    ]
    for (let i = 0; i < 6; i++) expect(out[i]).toBeCloseTo(expected[i], 6)
  })
})
