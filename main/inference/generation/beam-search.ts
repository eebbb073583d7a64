// Beam search as Hugging Face transformers 4.39 runs it without sampling: log-softmax, logits
// processors, beam-score sum, top max(2, 1 + #stop ids)·numBeams candidates over all beams,
// stop candidates ranked below numBeams ignored, length_penalty 1.0, early_stopping False.
// Each beam is its own KV sequence (fork on branch, close when dropped); the prompt sequence
// itself is left untouched so the caller can keep it as the conversation's cache.
import type { StopReason } from '../engine-api'
import { BeamHypotheses } from './beam-hypotheses'
import { yieldToEventLoop } from './decode-loop'
import type { KvSequence } from './kv-sequence'
import type { TokenPolicy } from './token-policy'

export interface BeamSearchParams {
  /** Holds the prompt; forked, never extended. */
  readonly sequence: KvSequence
  readonly firstLogits: Float32Array
  readonly numBeams: number
  readonly maxNewTokens: number
  readonly stopIds: ReadonlySet<number>
  /** Only `process` is used: beams choose by score, not by the policy's chooser. */
  readonly policy: Pick<TokenPolicy, 'process'>
  readonly lengthPenalty?: number
  readonly signal?: AbortSignal
  /** Called once after the first step (for time-to-first-token). */
  readonly onFirstStep?: () => void
}

export interface BeamSearchOutcome {
  readonly ids: number[]
  readonly stopReason: StopReason
}

interface Beam {
  readonly ids: number[]
  readonly score: number
  readonly sequence: KvSequence
  readonly logits: Float32Array
}

interface Candidate {
  readonly score: number
  readonly beam: number
  readonly token: number
}

/** Natural-log softmax in a new array (float64 accumulation). */
export function logSoftmax(logits: Float32Array): Float32Array {
  let max = -Infinity
  for (let i = 0; i < logits.length; i++) if (logits[i] > max) max = logits[i]
  let sum = 0
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i] - max)
  const shift = max + Math.log(sum)
  const out = new Float32Array(logits.length)
  for (let i = 0; i < logits.length; i++) out[i] = logits[i] - shift
  return out
}

/** The `k` best (beam, token) pairs, best first; equal scores keep beam-major index order. */
export function topCandidates(scores: readonly Float32Array[], k: number): Candidate[] {
  const kept: Candidate[] = []
  for (let beam = 0; beam < scores.length; beam++) {
    const row = scores[beam]
    for (let token = 0; token < row.length; token++) {
      const score = row[token]
      if (kept.length === k && !(score > kept[k - 1].score)) continue
      if (score === -Infinity || Number.isNaN(score)) continue
      let at = kept.length === k ? k - 1 : kept.length
      while (at > 0 && kept[at - 1].score < score) at--
      if (kept.length === k) kept.pop()
      kept.splice(at, 0, { score, beam, token })
    }
  }
  return kept
}

export async function beamSearch(params: BeamSearchParams): Promise<BeamSearchOutcome> {
  const { numBeams, stopIds, policy, signal } = params
  const hypotheses = new BeamHypotheses(numBeams, params.lengthPenalty ?? 1)
  const width = Math.max(2, 1 + stopIds.size) * numBeams
  // Step one ranks the prompt alone: HF's other beams start at -1e9 and never win it.
  let beams: Beam[] = [{ ids: [], score: 0, sequence: params.sequence, logits: params.firstLogits }]
  let owned = false
  const closeBeams = (): void => {
    if (owned) for (const beam of beams) beam.sequence.close()
  }
  try {
    for (let length = 1; ; length++) {
      const rows = beams.map((beam) => {
        const row = logSoftmax(beam.logits)
        policy.process(row, beam.ids)
        for (let i = 0; i < row.length; i++) row[i] += beam.score
        return row
      })
      const candidates = topCandidates(rows, width)
      const chosen: Candidate[] = []
      for (let rank = 0; rank < candidates.length && chosen.length < numBeams; rank++) {
        const c = candidates[rank]
        if (!stopIds.has(c.token)) chosen.push(c)
        else if (rank < numBeams) hypotheses.add(beams[c.beam].ids, c.score, length, true)
      }
      if (length === 1) params.onFirstStep?.()
      if (hypotheses.isDone(candidates[0].score, length)) return finish(hypotheses)
      if (length >= params.maxNewTokens) {
        for (const c of chosen)
          hypotheses.add([...beams[c.beam].ids, c.token], c.score, length, false)
        return finish(hypotheses)
      }
      await yieldToEventLoop()
      if (signal?.aborted) {
        const c = chosen[0]
        return { ids: [...beams[c.beam].ids, c.token], stopReason: 'cancelled' }
      }
      const parents = beams
      const parentsOwned = owned
      beams = []
      owned = true
      beams = await advance(parents, chosen, parentsOwned)
      if (signal?.aborted) return { ids: beams[0].ids, stopReason: 'cancelled' }
    }
  } finally {
    closeBeams()
  }
}

/**
 * New beams for the chosen candidates: the first child of an owned parent takes over its
 * sequence, the others fork it. Every sequence of `beams` is closed or handed on, even on error.
 */
async function advance(beams: Beam[], chosen: Candidate[], parentsOwned: boolean): Promise<Beam[]> {
  const taken = new Set<number>()
  const sequences: KvSequence[] = []
  try {
    for (const c of chosen) {
      if (parentsOwned && !taken.has(c.beam)) {
        taken.add(c.beam)
        sequences.push(beams[c.beam].sequence)
      } else {
        sequences.push(beams[c.beam].sequence.fork())
      }
    }
    const next: Beam[] = []
    for (let i = 0; i < chosen.length; i++) {
      const c = chosen[i]
      const logits = await sequences[i].extend({ ids: [c.token] })
      next.push({
        ids: [...beams[c.beam].ids, c.token],
        score: c.score,
        sequence: sequences[i],
        logits
      })
    }
    return next
  } catch (error) {
    for (const sequence of sequences) sequence.close()
    throw error
  } finally {
    if (parentsOwned) beams.forEach((b, i) => (taken.has(i) ? undefined : b.sequence.close()))
  }
}

function finish(hypotheses: BeamHypotheses): BeamSearchOutcome {
  const best = hypotheses.best()
  if (best === undefined) return { ids: [], stopReason: 'max-new-tokens' }
  return { ids: [...best.ids], stopReason: best.stopped ? 'stop-token' : 'max-new-tokens' }
}
