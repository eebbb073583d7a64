// Which engine conversation (and so which KV cache) an API request continues. OpenAI requests
// carry no conversation id, so the API keeps a few slots, each remembering the last transcript
// it ran (messages plus the answer). A request whose turns start with a slot's turns continues
// that slot; one that asks something new about the same images as a slot's first question takes
// that slot (the images' prefill is the costly part); others take the least recently used slot. The engine then reuses the longest common
// token prefix, as for the app's follow-up turns. Few slots, so the app's own conversations keep
// most of the engine's cache.
import type { ChatTurn } from '../inference/engine-api'
import type { EngineConversation } from './messages'

export const API_SLOTS = 2

interface Slot {
  readonly id: string
  transcript: EngineConversation | null
}

function sameTurn(a: ChatTurn, b: ChatTurn): boolean {
  return (
    a.query === b.query &&
    a.response === b.response &&
    a.media.length === b.media.length &&
    a.media.every((item, i) => JSON.stringify(item) === JSON.stringify(b.media[i]))
  )
}

function sameMedia(a: ChatTurn, b: ChatTurn): boolean {
  return a.media.length > 0 && JSON.stringify(a.media) === JSON.stringify(b.media)
}

/**
 * How much of `known` the engine could reuse for `next`: 2 per whole turn (with its answer) that
 * `next` starts with, or 1 when only the first question's images match; 0 when the system differs.
 */
function reuseScore(known: EngineConversation, next: EngineConversation): number {
  if (known.system !== next.system) return 0
  let shared = 0
  while (
    shared < known.turns.length &&
    shared < next.turns.length - 1 &&
    sameTurn(known.turns[shared], next.turns[shared])
  ) {
    shared++
  }
  if (shared > 0) return 2 * shared
  return known.turns.length > 0 && sameMedia(known.turns[0], next.turns[0]) ? 1 : 0
}

export class PrefixReuse {
  /** Most recently used first. */
  private readonly slots: Slot[]

  constructor(slots = API_SLOTS) {
    this.slots = Array.from({ length: slots }, (_, i) => ({ id: `api-${i}`, transcript: null }))
  }

  /** The engine conversation id for `conversation`, now the most recently used. */
  choose(conversation: EngineConversation): string {
    let best = this.slots[this.slots.length - 1]
    let bestShared = 0
    for (const slot of this.slots) {
      const shared = slot.transcript ? reuseScore(slot.transcript, conversation) : 0
      if (shared > bestShared) {
        best = slot
        bestShared = shared
      }
    }
    this.slots.splice(this.slots.indexOf(best), 1)
    this.slots.unshift(best)
    return best.id
  }

  /** What the slot's KV cache now holds: the conversation and the answer given to it. */
  remember(id: string, conversation: EngineConversation, answer: string): void {
    const slot = this.slots.find((s) => s.id === id)
    if (!slot) return
    const turns = [...conversation.turns]
    const last = turns.pop()
    if (!last) return
    slot.transcript = {
      system: conversation.system,
      turns: [...turns, { ...last, response: answer }]
    }
  }
}
