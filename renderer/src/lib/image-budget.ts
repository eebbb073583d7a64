// What the next question will cost the model in images before it is sent: each image, and each
// sampled video frame, becomes one 224x224 input and 32 prompt positions (the Q-Former's queries).
import type { ConversationAttachment } from '../../../preload/contract/types'
import type { PendingAttachment } from '../store/types'
import { FRAME_COUNT_LIMITS } from './frame-limits'

export const IMAGE_TOKENS = 32

export interface ImageBudget {
  readonly images: number
  readonly imageTokens: number
}

/** Ready attachments in the composer plus those "clear history" carries to the next question. */
export function imageBudget(
  pending: readonly PendingAttachment[],
  carried: readonly ConversationAttachment[]
): ImageBudget {
  let images = 0
  for (const item of pending) {
    if (item.status !== 'ready' || !item.info) continue
    images += item.info.kind === 'image' ? 1 : (item.strip?.indices.length ?? item.frames)
  }
  for (const attachment of carried) {
    images += attachment.kind === 'image' ? 1 : (attachment.frames ?? FRAME_COUNT_LIMITS.default)
  }
  return { images, imageTokens: images * IMAGE_TOKENS }
}
