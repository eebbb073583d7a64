// Stop ids and the answer's ids (MODEL-SPEC §8.2).
import { describe, expect, it } from 'vitest'
import {
  STOP_TOKEN_IDS,
  answerIds,
  isStopToken,
  stopReasonAfter
} from '../../../main/inference/generation/stop'

describe('stop', () => {
  it('stops on <|im_end|> and <|im_start|> but not <|endoftext|>', () => {
    expect([...STOP_TOKEN_IDS].sort()).toEqual([151644, 151645])
    expect(isStopToken(151645)).toBe(true)
    expect(isStopToken(151644)).toBe(true)
    expect(isStopToken(151643)).toBe(false)
    expect(isStopToken(198)).toBe(false)
  })

  it('reports the reason after each token', () => {
    expect(stopReasonAfter(198, 1, 512)).toBeNull()
    expect(stopReasonAfter(151645, 3, 512)).toBe('stop-token')
    expect(stopReasonAfter(198, 512, 512)).toBe('max-new-tokens')
    expect(stopReasonAfter(151644, 512, 512)).toBe('stop-token')
  })

  it('keeps the ids before the first stop id, or all of them', () => {
    expect(answerIds([32, 8251, 13, 151645, 198])).toEqual([32, 8251, 13])
    expect(answerIds([32, 151644, 13, 151645])).toEqual([32])
    expect(answerIds([32, 151643, 13])).toEqual([32, 151643, 13])
  })
})
