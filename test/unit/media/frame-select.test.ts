// The seed's sampling rule, checked against MODEL-SPEC §9's worked example and edge cases.
import { describe, expect, it } from 'vitest'
import { chooseFrameIndices } from '../../../main/media'

describe('chooseFrameIndices', () => {
  it('127 frames: interval 3, frames 0..93 (the spec example)', () => {
    const indices = chooseFrameIndices(127, 32)
    expect(indices).toHaveLength(32)
    expect(indices[0]).toBe(0)
    expect(indices[1]).toBe(3)
    expect(indices.at(-1)).toBe(93)
  })

  it('fewer frames than wanted: every frame', () => {
    expect(chooseFrameIndices(5, 32)).toEqual([0, 1, 2, 3, 4])
  })

  it('no frames: none', () => {
    expect(chooseFrameIndices(0, 32)).toEqual([])
  })

  it('the count is configurable and defaults to 32', () => {
    expect(chooseFrameIndices(100, 8)).toEqual([0, 12, 24, 36, 48, 60, 72, 84])
    expect(chooseFrameIndices(64)).toHaveLength(32)
    expect(chooseFrameIndices(64).at(-1)).toBe(62)
  })

  it('rejects nonsense arguments', () => {
    expect(() => chooseFrameIndices(-1, 32)).toThrow(RangeError)
    expect(() => chooseFrameIndices(10, 0)).toThrow(RangeError)
  })
})
