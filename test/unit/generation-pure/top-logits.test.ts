// Greedy decoding from the top-K scores of a step: the selection on the host, and the rule that
// decides from the K alone only when no id outside them can win (hand-made logits, expected ids
// computed by hand), else fetches the full logits and picks the id outside the K.
import { describe, expect, it } from 'vitest'
import { DEFAULT_GENERATION_OPTIONS } from '../../../main/inference/engine-api'
import { chooseNext } from '../../../main/inference/generation/decode-loop'
import type { StepScores } from '../../../main/inference/generation/kv-sequence'
import { createTokenPolicy } from '../../../main/inference/generation/token-policy'
import {
  READBACK_TOP_K,
  greedyFromTop,
  topLogitsOf
} from '../../../main/inference/generation/top-logits'

const greedy = (repetitionPenalty: number): ReturnType<typeof createTokenPolicy> =>
  createTokenPolicy({ ...DEFAULT_GENERATION_OPTIONS, doSample: false, repetitionPenalty })

/** A step that read back only the top-K of `logits`, counting fetches of the full logits. */
function topStep(logits: Float32Array): { scores: StepScores; fetches: () => number } {
  let fetches = 0
  return {
    scores: {
      top: topLogitsOf(logits, READBACK_TOP_K),
      fullLogits: async () => {
        fetches++
        return Float32Array.from(logits)
      }
    },
    fetches: () => fetches
  }
}

describe('topLogitsOf', () => {
  it('returns the k best scores, best first, lower id first on ties, never NaN', () => {
    const logits = Float32Array.from([1, 5, Number.NaN, 5, 7, -Infinity, 2, 7])
    const top = topLogitsOf(logits, 4)
    expect([...top.ids]).toEqual([4, 7, 1, 3])
    expect([...top.values]).toEqual([7, 7, 5, 5])
    expect([...topLogitsOf(logits, 20).ids]).toEqual([4, 7, 1, 3, 6, 0, 5])
  })
})

describe('greedy from the top-K', () => {
  it('is the argmax when nothing is penalized (no fetch)', async () => {
    const logits = new Float32Array(1000).map((_, i) => Math.sin(i * 1.7) * 3)
    logits[417] = 9
    const step = topStep(logits)
    expect(await chooseNext(greedy(1), step.scores, [1, 2, 417])).toBe(417)
    expect(step.fetches()).toBe(0)
  })

  it('takes the best unpenalized id inside the K when the top one is penalized', async () => {
    const logits = new Float32Array(1000).fill(-1)
    logits[5] = 20 // generated: 20 / 1.1 = 18.18
    logits[6] = 19 // not generated: stays 19, above every other raw score
    logits[7] = 18.5
    const step = topStep(logits)
    expect(await chooseNext(greedy(1.1), step.scores, [5])).toBe(6)
    expect(step.fetches()).toBe(0)
  })

  it('fetches the full logits when every id of the K drops below the K-th raw value', async () => {
    // Ids 0..63 score 10 + i/1000 and were all generated: / 1.1 they fall to at most 9.148,
    // below the K-th raw value 10. Id 100 (9.5, outside the K) is the true argmax.
    const logits = new Float32Array(200).fill(-2)
    for (let id = 0; id < READBACK_TOP_K; id++) logits[id] = 10 + id / 1000
    logits[100] = 9.5
    const generated = Array.from({ length: READBACK_TOP_K }, (_, id) => id)
    const step = topStep(logits)
    expect([...(step.scores as { top: { ids: Int32Array } }).top.ids]).not.toContain(100)
    expect(await chooseNext(greedy(1.1), step.scores, generated)).toBe(100)
    expect(step.fetches()).toBe(1)
  })

  it('never picks a padding row, however high it scores', async () => {
    const logits = new Float32Array(151936).fill(0)
    logits[151900] = 50
    logits[151850] = 3
    const step = topStep(logits)
    expect(await chooseNext(greedy(1), step.scores, [])).toBe(151850)
    expect(step.fetches()).toBe(0)
  })

  it('leaves a tie with the K-th value, a NaN or an all -inf K to the full logits', () => {
    const raw = (id: number, score: number): number => score
    // Best processed 4 equals the smallest raw value 4: an id outside may tie at 4 too.
    const tie = { values: Float32Array.from([8, 4]), ids: Int32Array.from([3, 9]) }
    expect(greedyFromTop(tie, (id, score) => (id === 3 ? 4 : score))).toBeUndefined()
    expect(greedyFromTop(tie, raw)).toBe(3)
    const nan = { values: Float32Array.from([8, Number.NaN]), ids: Int32Array.from([3, 9]) }
    expect(greedyFromTop(nan, raw)).toBeUndefined()
    const none = { values: Float32Array.from([-Infinity]), ids: Int32Array.from([0]) }
    expect(greedyFromTop(none, raw)).toBeUndefined()
  })

  it('is offered only when decoding is greedy', () => {
    expect(greedy(1.1).chooseFromTop).toBeDefined()
    const sampling = createTokenPolicy({ ...DEFAULT_GENERATION_OPTIONS, doSample: true })
    expect(sampling.chooseFromTop).toBeUndefined()
  })
})
