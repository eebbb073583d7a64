// Greedy and sampled decoding of one sequence: pick a token, stream it, feed it back, until a
// stop id, the token limit or cancellation. Yields to the event loop between steps so an abort
// (and any other I/O of the host) is seen within one step. Greedy steps read back only the
// top-K scores when the policy can choose from them (top-logits.ts), the full logits otherwise.
import type { StopReason } from '../engine-api'
import type { KvSequence, Readback, StepScores } from './kv-sequence'
import type { TokenPolicy } from './token-policy'

export interface DecodeParams {
  readonly sequence: KvSequence
  /** Scores of the last prompt position (read back as readbackFor(policy) says). */
  readonly first: StepScores
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

/** What a token-by-token decode under `policy` reads back per step. */
export function readbackFor(policy: TokenPolicy): Readback {
  return policy.chooseFromTop === undefined ? 'full' : 'top-k'
}

/** The policy's next token; fetches the step's full logits when its top-K cannot decide. */
export async function chooseNext(
  policy: TokenPolicy,
  scores: StepScores,
  generated: readonly number[]
): Promise<number> {
  let logits: Float32Array
  if ('top' in scores) {
    const fromTop = policy.chooseFromTop?.(scores.top, generated)
    if (fromTop !== undefined) return fromTop
    logits = await scores.fullLogits()
  } else {
    logits = scores.logits
  }
  policy.process(logits, generated)
  return policy.choose(logits)
}

export async function decodeSequence(params: DecodeParams): Promise<DecodeOutcome> {
  const { sequence, policy, stopIds, signal } = params
  const readback = readbackFor(policy)
  const ids: number[] = []
  let scores = params.first
  for (;;) {
    if (signal?.aborted) return { ids, stopReason: 'cancelled', cachedGenerated: ids.length }
    const next = await chooseNext(policy, scores, ids)
    if (stopIds.has(next)) return { ids, stopReason: 'stop-token', cachedGenerated: ids.length }
    ids.push(next)
    params.onToken?.(next)
    if (ids.length >= params.maxNewTokens) {
      return { ids, stopReason: 'max-new-tokens', cachedGenerated: ids.length - 1 }
    }
    await yieldToEventLoop()
    if (signal?.aborted) return { ids, stopReason: 'cancelled', cachedGenerated: ids.length - 1 }
    scores = await sequence.extendWith({ ids: [next] }, readback)
  }
}
