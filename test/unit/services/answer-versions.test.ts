// Answers kept by regenerate, by hand: the order they were written in, which one is shown, and
// what switching does to the turn.
import { describe, expect, it } from 'vitest'
import {
  answerVersions,
  keepForRegenerate,
  showAnswer
} from '../../../main/services/answer-versions'
import type { Turn } from '../../../preload/contract/types'
import { turnFixture } from '../../helpers/turn-fixture'

const turn = (patch: Partial<Turn>): Turn => turnFixture({ response: 'third', ...patch })

const first = { response: 'first', stats: null, status: 'stopped' as const }
const second = { response: 'second', stats: null, status: 'done' as const }

describe('answer versions', () => {
  it('lists the shown answer at its place among the others', () => {
    expect(answerVersions(turn({})).map((a) => a.response)).toEqual(['third'])
    const newest = turn({ alternatives: [first, second] })
    expect(answerVersions(newest).map((a) => a.response)).toEqual(['first', 'second', 'third'])
    const middle = turn({ alternatives: [first, second], answerIndex: 1 })
    expect(answerVersions(middle).map((a) => a.response)).toEqual(['first', 'third', 'second'])
    // A failed or empty answer is not one to keep.
    const failed = turn({ alternatives: [first], status: 'error', response: 'partial' })
    expect(answerVersions(failed).map((a) => a.response)).toEqual(['first'])
  })

  it('keeps every answer so far for a regenerate, the new one going last', () => {
    expect(keepForRegenerate(turn({ alternatives: [first, second] }))).toEqual({
      alternatives: [first, second, { response: 'third', stats: null, status: 'done' }],
      answerIndex: 3
    })
  })

  it('shows the chosen answer and keeps the rest in order', () => {
    const shown = showAnswer(turn({ alternatives: [first, second] }), 0)
    expect(shown).toMatchObject({
      response: 'first',
      status: 'stopped',
      answerIndex: 0,
      alternatives: [second, { response: 'third', stats: null, status: 'done' }]
    })
    expect(answerVersions(shown).map((a) => a.response)).toEqual(['first', 'second', 'third'])
    expect(() => showAnswer(shown, 3)).toThrow('This question has 3 answers, not 4')
  })
})
