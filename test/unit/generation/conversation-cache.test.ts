// Conversation KV reuse: common prefix by id and image identity, truncation, alpha invalidation.
import { describe, expect, it } from 'vitest'
import {
  ConversationCache,
  commonPrefixLength
} from '../../../main/inference/generation/conversation-cache'
import { scriptedModel } from './scripted-sequence'

const PAD = 7
const model = scriptedModel(10, () => ({ 0: 1 }))

describe('commonPrefixLength', () => {
  it('stops at the first differing id', () => {
    expect(
      commonPrefixLength({ ids: [1, 2, 3], slotKeys: [] }, { ids: [1, 2, 4], slotKeys: [] }, PAD)
    ).toBe(2)
    expect(
      commonPrefixLength({ ids: [1, 2], slotKeys: [] }, { ids: [1, 2, 4], slotKeys: [] }, PAD)
    ).toBe(2)
  })

  it('stops at an image slot holding another image', () => {
    const a = { ids: [1, PAD, PAD, 2, PAD, PAD], slotKeys: ['x', 'x', 'y', 'y'] }
    const b = { ids: [1, PAD, PAD, 2, PAD, PAD], slotKeys: ['x', 'x', 'z', 'z'] }
    expect(commonPrefixLength(a, b, PAD)).toBe(4)
  })
})

describe('ConversationCache', () => {
  it('reuses the common prefix and truncates the rest', () => {
    const cache = new ConversationCache(PAD, 4)
    const seq = model.open()
    seq.history = [1, 2, 3, 4, 5]
    cache.commit('c', seq, { ids: [1, 2, 3, 4, 5], slotKeys: [] }, 1)
    const got = cache.acquire('c', { ids: [1, 2, 3, 9, 9, 9], slotKeys: [] }, 1, () => model.open())
    expect(got.reused).toBe(3)
    expect(got.sequence).toBe(seq)
    expect(seq.history).toEqual([1, 2, 3])
    got.sequence.close()
  })

  it('always leaves one prompt position to run', () => {
    const cache = new ConversationCache(PAD, 4)
    const seq = model.open()
    seq.history = [1, 2, 3]
    cache.commit('c', seq, { ids: [1, 2, 3], slotKeys: [] }, 1)
    const got = cache.acquire('c', { ids: [1, 2, 3], slotKeys: [] }, 1, () => model.open())
    expect(got.reused).toBe(2)
    got.sequence.close()
  })

  it('starts afresh when the NTK alpha differs, closing the old sequence', () => {
    const cache = new ConversationCache(PAD, 4)
    const before = model.openCount()
    const seq = model.open()
    seq.history = [1, 2, 3]
    cache.commit('c', seq, { ids: [1, 2, 3], slotKeys: [] }, 1)
    const got = cache.acquire('c', { ids: [1, 2, 3, 4], slotKeys: [] }, 3, () => model.open())
    expect(got.reused).toBe(0)
    expect(got.sequence).not.toBe(seq)
    expect(model.openCount()).toBe(before + 1)
    got.sequence.close()
  })

  it('evicts the least recently committed conversation beyond its capacity', () => {
    const cache = new ConversationCache(PAD, 2)
    const before = model.openCount()
    for (const id of ['a', 'b', 'c']) cache.commit(id, model.open(), { ids: [1], slotKeys: [] }, 1)
    expect(cache.size).toBe(2)
    expect(model.openCount()).toBe(before + 2)
    const fresh = cache.acquire('a', { ids: [1, 2], slotKeys: [] }, 1, () => model.open())
    expect(fresh.reused).toBe(0)
    fresh.sequence.close()
    cache.clear()
    expect(model.openCount()).toBe(before)
  })
})
