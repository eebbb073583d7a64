// The replay log of a stage process: truncating mid-chunk keeps the chunk's first rows, and those
// rows equal the position inputs computed from scratch for the shorter chunk (stepPositions), so a
// replayed stage sees exactly what a stage that never ran the cut tokens would have seen.
import { describe, expect, it } from 'vitest'
import { stepPositions } from '../../../main/inference/runtime/position-inputs'
import type { StageInput } from '../../../main/inference/runtime/stage'
import { StageInputLog } from '../../../main/inference/runtime/stage-replay'

const arch = { headDim: 4, rotaryBase: 10000, seqLength: 8, useLognAttn: true }
const HIDDEN = 3

function chunk(start: number, count: number): StageInput {
  const hidden = Float32Array.from({ length: count * HIDDEN }, (_, i) => start * HIDDEN + i)
  return { hidden, tokens: count, ...stepPositions(arch, start, count, 1) }
}

describe('StageInputLog', () => {
  it('cuts a chunk mid-way into the inputs of the shorter chunk', () => {
    const log = new StageInputLog()
    log.record(chunk(0, 5))
    log.record(chunk(5, 4))
    log.truncate(7)
    expect(log.inputs).toHaveLength(2)
    expect(log.inputs[0]).toEqual(chunk(0, 5))
    // Positions 5 and 6, as if only two tokens had followed the first five.
    expect(log.inputs[1]).toEqual(chunk(5, 2))
  })

  it('drops whole chunks past the length, and copies stay apart', () => {
    const log = new StageInputLog()
    log.record(chunk(0, 3))
    log.record(chunk(3, 1))
    const copy = log.copy()
    log.truncate(3)
    expect(log.inputs).toEqual([chunk(0, 3)])
    expect(copy.inputs).toEqual([chunk(0, 3), chunk(3, 1)])
    log.truncate(0)
    expect(log.inputs).toEqual([])
  })
})
