// Keeps each conversation's KV sequence between turns, keyed by conversation id, so a follow-up
// prefills only what changed: the longest common prefix of cached and new prompt positions is
// kept (an image slot matches only when it holds the same image), the rest is cut and re-run.
// A different NTK alpha changes every rotary angle, so it invalidates the whole entry.
import type { KvSequence } from './kv-sequence'

/** What one position of a prompt is: its id, plus the image identity for image slots. */
export interface PromptPositions {
  readonly ids: readonly number[]
  /** One key per image-pad slot among `ids`, in order (e.g. the image's content hash). */
  readonly slotKeys: readonly string[]
}

interface Entry {
  sequence: KvSequence
  positions: PromptPositions
  ntkAlpha: number
}

export interface AcquiredSequence {
  readonly sequence: KvSequence
  /** Prompt positions already in the cache; prefill starts here. */
  readonly reused: number
}

/** Length of the common prefix of two prompts, comparing image slots by key too. */
export function commonPrefixLength(
  a: PromptPositions,
  b: PromptPositions,
  imagePadId: number
): number {
  const n = Math.min(a.ids.length, b.ids.length)
  let slot = 0
  for (let i = 0; i < n; i++) {
    if (a.ids[i] !== b.ids[i]) return i
    if (a.ids[i] === imagePadId) {
      if (a.slotKeys[slot] !== b.slotKeys[slot]) return i
      slot++
    }
  }
  return n
}

export class ConversationCache {
  private readonly entries = new Map<string, Entry>()

  constructor(
    private readonly imagePadId: number,
    private readonly maxConversations: number
  ) {}

  /**
   * The conversation's sequence cut to what `prompt` shares with it, or a fresh one from `open`.
   * At least one prompt position is always left to prefill, because its logits start decoding.
   * The entry leaves the cache until `commit` puts it back.
   */
  acquire(
    conversationId: string,
    prompt: PromptPositions,
    ntkAlpha: number,
    open: () => KvSequence
  ): AcquiredSequence {
    const entry = this.entries.get(conversationId)
    this.entries.delete(conversationId)
    if (entry !== undefined && entry.ntkAlpha === ntkAlpha) {
      const common = commonPrefixLength(entry.positions, prompt, this.imagePadId)
      const reused = Math.min(common, prompt.ids.length - 1, entry.sequence.length)
      if (reused > 0) {
        entry.sequence.truncate(reused)
        return { sequence: entry.sequence, reused }
      }
    }
    entry?.sequence.close()
    return { sequence: open(), reused: 0 }
  }

  /** Stores `sequence`, whose cache holds exactly `positions`, as the conversation's state. */
  commit(
    conversationId: string,
    sequence: KvSequence,
    positions: PromptPositions,
    ntkAlpha: number
  ): void {
    this.drop(conversationId)
    this.entries.set(conversationId, { sequence, positions, ntkAlpha })
    while (this.entries.size > this.maxConversations) {
      const oldest = this.entries.keys().next().value
      if (oldest === undefined) break
      this.drop(oldest)
    }
  }

  drop(conversationId: string): void {
    this.entries.get(conversationId)?.sequence.close()
    this.entries.delete(conversationId)
  }

  clear(): void {
    for (const id of [...this.entries.keys()]) this.drop(id)
  }

  get size(): number {
    return this.entries.size
  }
}
