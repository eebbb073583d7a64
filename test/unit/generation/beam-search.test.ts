// Beam search against hand-computed Hugging Face 4.39 behaviour on a scripted 5-token model
// (ids 0-2 ordinary, 3 and 4 stop ids). Probabilities and the expected steps are worked out in
// the comments; the scripted model stands in for the decoder only to exercise the loop.
import { describe, expect, it } from 'vitest'
import {
  beamSearch,
  logSoftmax,
  topCandidates
} from '../../../main/inference/generation/beam-search'
import { BeamHypotheses } from '../../../main/inference/generation/beam-hypotheses'
import { decodeSequence } from '../../../main/inference/generation/decode-loop'
import { scriptedModel, type NextTable } from './scripted-sequence'

const STOPS = new Set([3, 4])
const noProcessing = { process: (): void => undefined }
const greedy = {
  process: (): void => undefined,
  choose: (s: Float32Array): number => s.indexOf(Math.max(...s))
}

// root: 0 .5, 1 .45, 3 .05 | after [0]: 2 .4, 0 .32, 1 .28 | after [1]: 2 .95, 0 .05
// after any 2 or 3 tokens: 3 .99, 0 .01
const table: NextTable = (h): Record<number, number> => {
  const key = h.join(',')
  if (key === '') return { 0: 0.5, 1: 0.45, 3: 0.05 }
  if (key === '0') return { 2: 0.4, 0: 0.32, 1: 0.28 }
  if (key === '1') return { 2: 0.95, 0: 0.05 }
  return { 3: 0.99, 0: 0.01 }
}

describe('beam search', () => {
  it('greedy takes 0,2 while two beams find 1,2 (higher mean logprob)', async () => {
    const model = scriptedModel(5, table)
    const root = model.open()
    const g = await decodeSequence({
      sequence: root.fork(),
      first: { logits: root.logits() },
      maxNewTokens: 10,
      stopIds: STOPS,
      policy: greedy
    })
    expect(g.ids).toEqual([0, 2])
    // Step 2: [1,2] = ln.45+ln.95 = -0.850, [0,2] = -1.609 kept; step 3 both stop:
    // hyps [1,2] -0.860/3 = -0.287, [0,2] -1.619/3 = -0.540; running beams end ~-5.5 so step 4
    // sees -5.465/4 = -1.37 <= worst -0.540 and stops.
    const b = await beamSearch({
      sequence: root,
      firstLogits: root.logits(),
      numBeams: 2,
      maxNewTokens: 10,
      stopIds: STOPS,
      policy: noProcessing
    })
    expect(b).toEqual({ ids: [1, 2], stopReason: 'stop-token' })
    expect(root.length).toBe(0)
  })

  it('closes every beam it opened and never extends the prompt sequence', async () => {
    const model = scriptedModel(5, table)
    const root = model.open()
    await beamSearch({
      sequence: root,
      firstLogits: root.logits(),
      numBeams: 3,
      maxNewTokens: 10,
      stopIds: STOPS,
      policy: noProcessing
    })
    expect(model.openCount()).toBe(1)
    expect(root.history).toEqual([])
  })

  it('at the token limit ranks running beams by sum/len and reports max-new-tokens', async () => {
    // At length 1 nothing has stopped: beams [0] (-0.693) and [1] (-0.799); best is [0].
    const model = scriptedModel(5, table)
    const root = model.open()
    const b = await beamSearch({
      sequence: root,
      firstLogits: root.logits(),
      numBeams: 2,
      maxNewTokens: 1,
      stopIds: STOPS,
      policy: noProcessing
    })
    expect(b).toEqual({ ids: [0], stopReason: 'max-new-tokens' })
    expect(model.openCount()).toBe(1)
  })

  it('ignores a stop candidate ranked at or below numBeams', async () => {
    // root: 0 .4, 1 .35, stop 3 .25 (rank 2 of 2 beams: skipped). Then every one of 50 ids has
    // p .02, so at the limit of 2 the beams [0,0] and [0,1] score (ln.4 + ln.02)/2 = -2.41.
    // They tie; HF's sorted(...).pop() returns the later one, [0,1]. Had the stop been kept, []
    // would win with ln .25 = -1.39.
    const uniform = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [i, 0.02]))
    const model = scriptedModel(50, (h) =>
      h.length === 0 ? { 0: 0.4, 1: 0.35, 3: 0.25 } : uniform
    )
    const root = model.open()
    const b = await beamSearch({
      sequence: root,
      firstLogits: root.logits(),
      numBeams: 2,
      maxNewTokens: 2,
      stopIds: STOPS,
      policy: noProcessing
    })
    expect(b).toEqual({ ids: [0, 1], stopReason: 'max-new-tokens' })
  })

  it('returns the best running beam when cancelled', async () => {
    const model = scriptedModel(5, table)
    const root = model.open()
    const controller = new AbortController()
    controller.abort()
    const b = await beamSearch({
      sequence: root,
      firstLogits: root.logits(),
      numBeams: 2,
      maxNewTokens: 10,
      stopIds: STOPS,
      policy: noProcessing,
      signal: controller.signal
    })
    expect(b).toEqual({ ids: [0], stopReason: 'cancelled' })
    expect(model.openCount()).toBe(1)
  })
})

describe('beam helpers', () => {
  it('logSoftmax of [0, ln 3] is [ln .25, ln .75]', () => {
    const out = logSoftmax(new Float32Array([0, Math.log(3)]))
    expect(out[0]).toBeCloseTo(Math.log(0.25), 6)
    expect(out[1]).toBeCloseTo(Math.log(0.75), 6)
  })

  it('topCandidates ranks across beams and keeps index order on ties', () => {
    const c = topCandidates([new Float32Array([1, 5, 3]), new Float32Array([5, -Infinity, 4])], 3)
    expect(c).toEqual([
      { score: 5, beam: 0, token: 1 },
      { score: 5, beam: 1, token: 0 },
      { score: 4, beam: 1, token: 2 }
    ])
  })

  it('hypothesis pool evicts the worst and is done when no beam can beat it', () => {
    const pool = new BeamHypotheses(2, 1)
    pool.add([1], -2, 2, true) // -1
    pool.add([2], -1, 2, true) // -0.5
    pool.add([3], -1.5, 3, true) // -0.5: beats worst -1, evicts [1]
    expect(pool.size).toBe(2)
    expect(pool.best()?.ids).toEqual([3]) // tie: the later one wins, as sorted(...).pop()
    expect(pool.isDone(-2, 3)).toBe(true) // -0.667 <= -0.5
    expect(pool.isDone(-1, 3)).toBe(false) // -0.333 > -0.5
  })
})
