// The greedy/sampled decode loop: stop ids, the token limit (the last token is kept, unlike the
// seed's decode quirk), what the KV holds afterwards, and cancellation within one step.
import { describe, expect, it } from 'vitest'
import { decodeSequence } from '../../../main/inference/generation/decode-loop'
import { scriptedModel } from './scripted-sequence'

const greedy = {
  process: (): void => undefined,
  choose: (s: Float32Array): number => s.indexOf(Math.max(...s))
}
// Counts up 0,1,2,... and emits stop id 9 after 5.
const counting = scriptedModel(10, (h) => ({ [h.length < 6 ? h.length : 9]: 0.9 }))

describe('decodeSequence', () => {
  it('stops on a stop id without emitting it', async () => {
    const seq = counting.open()
    const seen: number[] = []
    const out = await decodeSequence({
      sequence: seq,
      first: { logits: seq.logits() },
      maxNewTokens: 100,
      stopIds: new Set([9]),
      policy: greedy,
      onToken: (id) => seen.push(id)
    })
    expect(out).toEqual({ ids: [0, 1, 2, 3, 4, 5], stopReason: 'stop-token', cachedGenerated: 6 })
    expect(seen).toEqual(out.ids)
    expect(seq.history).toEqual([0, 1, 2, 3, 4, 5])
    seq.close()
  })

  it('keeps the last token at the limit and does not run it through the model', async () => {
    const seq = counting.open()
    const out = await decodeSequence({
      sequence: seq,
      first: { logits: seq.logits() },
      maxNewTokens: 3,
      stopIds: new Set([9]),
      policy: greedy
    })
    expect(out).toEqual({ ids: [0, 1, 2], stopReason: 'max-new-tokens', cachedGenerated: 2 })
    expect(seq.history).toEqual([0, 1])
    seq.close()
  })

  it('applies the processors before choosing', async () => {
    const seq = counting.open()
    const out = await decodeSequence({
      sequence: seq,
      first: { logits: seq.logits() },
      maxNewTokens: 2,
      stopIds: new Set([9]),
      policy: { ...greedy, process: (s: Float32Array): void => void (s[0] = -Infinity) }
    })
    // Token 0 is masked everywhere; the table's next best ids are all -30, so argmax is id 1.
    expect(out.ids[0]).toBe(1)
    seq.close()
  })

  it('sees an abort raised from another task within one step', async () => {
    const seq = counting.open()
    const controller = new AbortController()
    const out = await decodeSequence({
      sequence: seq,
      first: { logits: seq.logits() },
      maxNewTokens: 100,
      stopIds: new Set([9]),
      policy: greedy,
      signal: controller.signal,
      onToken: (id) => {
        if (id === 1) setImmediate(() => controller.abort())
      }
    })
    expect(out.stopReason).toBe('cancelled')
    expect(out.ids).toEqual([0, 1])
    expect(out.cachedGenerated).toBe(1)
    seq.close()
  })
})
