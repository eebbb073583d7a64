// Pure logits processors with Hugging Face transformers 4.39 semantics (MODEL-SPEC §8.1). Each
// edits `scores` in place. HF order: processors (repetition penalty), then, only when sampling,
// warpers temperature -> top-k -> top-p. Our addition: padding rows >= 151851 are masked first,
// so no step can pick an id the tokenizer cannot decode.
import { VOCAB_SIZE } from '../tokenizer/qwen-vocab'

/** HF's filter_value for removed tokens. */
const REMOVED = Number.NEGATIVE_INFINITY

/** Sets every id >= `vocabSize` (the embedding table's unused padding rows) to -inf. */
export function maskPaddingRows(scores: Float32Array, vocabSize: number = VOCAB_SIZE): void {
  if (scores.length > vocabSize) scores.fill(REMOVED, vocabSize)
}

/**
 * RepetitionPenaltyLogitsProcessor: each distinct id in `ids` has its score divided by `penalty`
 * when positive and multiplied when negative. torch computes in float32 with the penalty as a
 * float32; a float64 product rounded once to float32 gives the same value.
 */
export function applyRepetitionPenalty(
  scores: Float32Array,
  ids: Iterable<number>,
  penalty: number
): void {
  if (penalty === 1) return
  for (const id of new Set(ids)) {
    if (id < 0 || id >= scores.length) continue
    scores[id] = penalized(scores[id], penalty)
  }
}

/** One score after the repetition penalty, rounded to float32 as torch stores it. */
export function penalized(score: number, penalty: number): number {
  const factor = Math.fround(penalty)
  return Math.fround(score < 0 ? score * factor : score / factor)
}

/** TemperatureLogitsWarper: scores / temperature (temperature > 0). */
export function applyTemperature(scores: Float32Array, temperature: number): void {
  if (temperature === 1) return
  const divisor = Math.fround(temperature)
  for (let i = 0; i < scores.length; i += 1) scores[i] = scores[i] / divisor
}

/**
 * TopKLogitsWarper: keeps scores >= the k-th largest (ties at the boundary all survive);
 * k is raised to minTokensToKeep. k = 0 means the warper is off, as in HF.
 */
export function applyTopK(scores: Float32Array, topK: number, minTokensToKeep = 1): void {
  if (topK === 0) return
  const k = Math.min(Math.max(topK, minTokensToKeep), scores.length)
  if (k >= scores.length) return
  const threshold = kthLargest(scores, k)
  for (let i = 0; i < scores.length; i += 1) if (scores[i] < threshold) scores[i] = REMOVED
}

/** The k-th largest score; a small sorted window for the usual small k, a full sort otherwise. */
function kthLargest(scores: Float32Array, k: number): number {
  if (k > 256) return Float32Array.from(scores).sort()[scores.length - k]
  const top = new Float32Array(k).fill(REMOVED) // descending; top[k - 1] is the k-th so far
  for (const score of scores) {
    if (!(score > top[k - 1])) continue
    let position = k - 1
    while (position > 0 && top[position - 1] < score) {
      top[position] = top[position - 1]
      position -= 1
    }
    top[position] = score
  }
  return top[k - 1]
}

/**
 * TopPLogitsWarper: sort ascending, softmax, cumulative sum; remove tokens whose cumulative
 * probability is <= 1 - topP, but never the last `minTokensToKeep` (the most likely). Equal
 * scores are ordered by id. topP = 1 means the warper is off, as in HF.
 */
export function applyTopP(scores: Float32Array, topP: number, minTokensToKeep = 1): void {
  if (topP >= 1) return
  // A plain typed-array sort of the values (no comparator) is ~10x faster over 151k ids; the id
  // order only matters inside the run of equal scores at the boundary, handled below.
  const ascending = scores.filter((score) => score > REMOVED).sort()
  if (ascending.length === 0) return
  const max = ascending[ascending.length - 1]
  let total = 0
  for (const score of ascending) total += Math.exp(score - max)
  const keepFrom = ascending.length - minTokensToKeep
  let removed = 0
  let cumulative = 0
  while (removed < keepFrom) {
    cumulative += Math.exp(ascending[removed] - max) / total
    if (cumulative > 1 - topP) break
    removed += 1
  }
  if (removed === 0) return
  const boundary = ascending[removed - 1]
  let tiesToRemove = 0
  for (
    let position = removed - 1;
    position >= 0 && ascending[position] === boundary;
    position -= 1
  ) {
    tiesToRemove += 1
  }
  for (let id = 0; id < scores.length; id += 1) {
    if (scores[id] < boundary) scores[id] = REMOVED
    else if (scores[id] === boundary && tiesToRemove > 0) {
      scores[id] = REMOVED
      tiesToRemove -= 1
    }
  }
}
