// KV reuse for one turn: takes the conversation's cached sequence when its positions are a prefix
// of the new prompt (or opens a fresh one), prefills only the positions after that prefix, and
// hands the sequence back to the conversation cache with exactly the positions it holds.
import type { ConversationCache, PromptPositions } from '../generation/conversation-cache'
import { yieldToEventLoop } from '../generation/decode-loop'
import type { KvSequence, Readback, StepScores } from '../generation/kv-sequence'
import { ntkAlpha } from '../runtime/position-inputs'
import type { TurnModelFacts, TurnPorts } from './turn-ports'

/** The prompt's positions with the embedding rows of its image slots. */
export interface PromptWithSlots extends PromptPositions {
  readonly slotRows: Float32Array
}

export interface TurnSequence {
  readonly sequence: KvSequence
  /** Prompt positions already in the cache: prefill starts here. */
  readonly reused: number
  /** Stores the sequence as the conversation's cache: the prompt, then `generated` ids. */
  commit(generated: readonly number[]): void
  /** Closes the sequence unless it was committed. */
  release(): void
}

export function acquireTurnSequence(
  conversations: ConversationCache,
  ports: TurnPorts,
  facts: TurnModelFacts,
  conversationId: string,
  prompt: PromptWithSlots
): TurnSequence {
  const alpha = ntkAlpha(prompt.ids.length, facts.seqLength, facts.useDynamicNtk)
  const acquired = conversations.acquire(conversationId, prompt, alpha, () =>
    ports.openSequence(alpha)
  )
  const sequence = acquired.sequence
  let committed = false
  return {
    sequence,
    reused: acquired.reused,
    commit(generated) {
      const ids = [...prompt.ids, ...generated].slice(0, sequence.length)
      conversations.commit(conversationId, sequence, { ids, slotKeys: prompt.slotKeys }, alpha)
      committed = true
    },
    release() {
      if (!committed) sequence.close()
    }
  }
}

/**
 * Runs prompt positions from `from` on in chunks; resolves with the last position's scores (as
 * `readback` asks; earlier chunks read back nothing they need), or undefined when cancelled
 * between chunks (the sequence then holds what was run).
 */
export async function prefillFrom(
  facts: TurnModelFacts,
  sequence: KvSequence,
  prompt: PromptWithSlots,
  from: number,
  readback: Readback,
  signal?: AbortSignal
): Promise<StepScores | undefined> {
  const hidden = facts.hidden
  let slot = 0
  for (let i = 0; i < from; i++) if (prompt.ids[i] === facts.imagePadId) slot++
  let scores: StepScores | undefined
  for (let start = from; start < prompt.ids.length; start += facts.prefillChunk) {
    if (signal?.aborted) return undefined
    const ids = prompt.ids.slice(start, start + facts.prefillChunk)
    const slots = ids.filter((id) => id === facts.imagePadId).length
    const imageRows = prompt.slotRows.subarray(slot * hidden, (slot + slots) * hidden)
    slot += slots
    scores = await sequence.extendWith({ ids, imageRows }, readback)
    await yieldToEventLoop()
  }
  return scores
}
