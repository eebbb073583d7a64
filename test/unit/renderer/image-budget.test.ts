// The cost preview's arithmetic, by hand: an image is 1 input, a video its sampled frames (the
// strip's count when known, else the requested count), each 32 image tokens; carried media count.
import { describe, expect, it } from 'vitest'
import type { ConversationAttachment } from '../../../preload/contract/types'
import { imageBudget } from '../../../renderer/src/lib/image-budget'
import type { PendingAttachment } from '../../../renderer/src/store/types'
import { imageInfo } from './fake-client'

function pendingOf(patch: Partial<PendingAttachment>): PendingAttachment {
  return {
    key: 'k',
    name: 'x',
    status: 'ready',
    info: imageInfo('a', 'x.jpg'),
    error: null,
    frames: 32,
    strip: null,
    ...patch
  }
}

const video = { ...imageInfo('v', 'clip.mp4'), kind: 'video' as const }

describe('imageBudget', () => {
  it('counts images, sampled frames and carried media at 32 tokens each', () => {
    const pending = [
      pendingOf({}),
      // 40-frame video asked for 8: the strip says which 8.
      pendingOf({
        info: video,
        frames: 8,
        strip: { frameCount: 40, indices: [0, 5, 10, 15, 20, 25, 30, 35], thumbnails: [] }
      }),
      // Strip not loaded yet: the requested count.
      pendingOf({ info: video, frames: 4 }),
      pendingOf({ status: 'adding', info: null }),
      pendingOf({ status: 'error', info: null, error: { kind: 'literal', text: 'broken' } })
    ]
    const carried: ConversationAttachment[] = [
      { id: 'c'.repeat(64), label: 'A', name: 'old.jpg', kind: 'image', frames: null },
      { id: 'd'.repeat(64), label: 'B', name: 'old.mp4', kind: 'video', frames: 16 }
    ]
    // 1 + 8 + 4 pending, 1 + 16 carried = 30 images; 30 x 32 = 960 tokens.
    expect(imageBudget(pending, carried)).toEqual({ images: 30, imageTokens: 960 })
    expect(imageBudget([], [])).toEqual({ images: 0, imageTokens: 0 })
  })
})
