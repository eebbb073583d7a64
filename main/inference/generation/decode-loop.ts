// Greedy and sampled decoding of one sequence: pick a token, stream it, feed it back, until a
// stop id, the token limit or cancellation. Yields to the event loop between steps so an abort
// (and any other I/O of the host) is seen within one step.
import type { StopReason } from '../engine-api'
import type { KvSequence } from './kv-sequence'
import type { TokenPolicy } from './token-policy'

export interface DecodeParams {
  readonly sequence: KvSequence
  /** Logits of the last prompt position. */
  readonly firstLogits: Float32Array
  readonly maxNewTokens: number
  readonly stopIds: ReadonlySet<number>
  readonly policy: TokenPolicy
  readonly signal?: AbortSignal
  /** Called for every accepted token, stop ids excluded. */
  readonly onToken?: (id: number) => void
}

export interface DecodeOutcome {
  /** Generated ids, without the stop id. */
  readonly ids: number[]
  readonly stopReason: StopReason
  /** Ids whose KV the sequence holds beyond the prompt (all but the last accepted token). */
  readonly cachedGenerated: number
}

/** Resolves on the next turn of the event loop (after pending I/O callbacks). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

export async function decodeSequence(params: DecodeParams): Promise<DecodeOutcome> {
  const { sequence, policy, stopIds, signal } = params
  const ids: number[] = []
  let logits = params.firstLogits
  for (;;) {
    if (signal?.aborted) return { ids, stopReason: 'cancelled', cachedGenerated: ids.length }
    policy.process(logits, ids)
    const next = policy.choose(logits)
    if (stopIds.has(next)) return { ids, stopReason: 'stop-token', cachedGenerated: ids.length }
    ids.push(next)
    params.onToken?.(next)
    if (ids.length >= params.maxNewTokens) {
      return { ids, stopReason: 'max-new-tokens', cachedGenerated: ids.length - 1 }
    }
    await yieldToEventLoop()
    if (signal?.aborted) return { ids, stopReason: 'cancelled', cachedGenerated: ids.length - 1 }
    logits = await sequence.extend({ ids: [next] })
  }
}
