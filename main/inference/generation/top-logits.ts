// Greedy decoding from the K best raw scores of a step instead of all 151,936 (issue 12): the
// last stage reads back K values and ids, the host applies the token policy to those K. The
// policy's processors only ever lower a score (padding rows to -inf; a repetition penalty ≥ 1
// divides a positive score and multiplies a negative one), so every id outside the K keeps a
// processed score ≤ its raw score ≤ the K-th raw value. When the best processed score among the
// K is above that value, it is the exact argmax of the processed full logits; otherwise (rare)
// the step's full logits are fetched.

/** Scores read back per greedy step when the last stage can select them on its device. */
export const READBACK_TOP_K = 64

/**
 * K raw scores of one position and their ids, in any order. Every id left out has a raw score
 * no higher than the smallest of `values`.
 */
export interface TopLogits {
  readonly values: Float32Array
  readonly ids: Int32Array
}

/** The k best scores of `logits`, best first (ties: lower id first; NaN is never taken). */
export function topLogitsOf(logits: Float32Array, k: number): TopLogits {
  const size = Math.min(k, logits.length)
  const values = new Float32Array(size).fill(Number.NEGATIVE_INFINITY)
  const ids = new Int32Array(size).fill(-1)
  let filled = 0
  for (let id = 0; id < logits.length; id++) {
    const score = logits[id]
    if (Number.isNaN(score)) continue
    // A later id never displaces an equal score: the lower id stays ahead.
    if (filled === size && !(score > values[size - 1])) continue
    let at = filled < size ? filled++ : size - 1
    while (at > 0 && values[at - 1] < score) {
      values[at] = values[at - 1]
      ids[at] = ids[at - 1]
      at--
    }
    values[at] = score
    ids[at] = id
  }
  return { values: values.subarray(0, filled), ids: ids.subarray(0, filled) }
}

/**
 * The id of the largest processed score over the whole vocabulary (lowest id on ties, as
 * torch.argmax), decided from `top` alone, or undefined when the K cannot decide it.
 * `processed(id, raw)` must never return more than `raw`.
 */
export function greedyFromTop(
  top: TopLogits,
  processed: (id: number, raw: number) => number
): number | undefined {
  let floor = Number.POSITIVE_INFINITY
  let best = -1
  let bestScore = Number.NEGATIVE_INFINITY
  for (let i = 0; i < top.values.length; i++) {
    const raw = top.values[i]
    // NaN makes the bound meaningless: let the full logits decide.
    if (Number.isNaN(raw)) return undefined
    if (raw < floor) floor = raw
    const id = top.ids[i]
    const score = processed(id, raw)
    if (score > bestScore || (score === bestScore && score > Number.NEGATIVE_INFINITY && id < best))
      [best, bestScore] = [id, score]
  }
  // Strictly above: an id outside the K may tie with the K-th value, and its id may be lower.
  return best >= 0 && bestScore > floor ? best : undefined
}
