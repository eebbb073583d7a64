// The finished-hypothesis pool of Hugging Face beam search (transformers 4.39 BeamHypotheses):
// keeps the best `numBeams` finished sequences scored by sum logprob / length^lengthPenalty and
// decides, with early_stopping False, when no running beam can beat the worst one kept.

export interface Hypothesis {
  readonly score: number
  readonly ids: readonly number[]
  /** True when the hypothesis ended on a stop id (false: cut by the token limit). */
  readonly stopped: boolean
}

export class BeamHypotheses {
  private readonly kept: Hypothesis[] = []
  private worstScore = 1e9

  constructor(
    private readonly numBeams: number,
    private readonly lengthPenalty: number
  ) {}

  get size(): number {
    return this.kept.length
  }

  /** `length` counts the generated tokens the score covers (the stop token included). */
  add(ids: readonly number[], sumLogprobs: number, length: number, stopped: boolean): void {
    const score = sumLogprobs / length ** this.lengthPenalty
    if (this.kept.length < this.numBeams || score > this.worstScore) {
      this.kept.push({ score, ids, stopped })
      if (this.kept.length > this.numBeams) {
        // Drop the lowest score (the earliest added among equals), as sorted((s, idx)) does.
        const order = this.kept
          .map((h, index) => ({ score: h.score, index }))
          .sort((a, b) => a.score - b.score || a.index - b.index)
        this.kept.splice(order[0].index, 1)
        this.worstScore = order[1].score
      } else {
        this.worstScore = Math.min(score, this.worstScore)
      }
    }
  }

  /** True when the pool is full and `bestRunningSum` (at `length`) cannot beat its worst. */
  isDone(bestRunningSum: number, length: number): boolean {
    if (this.kept.length < this.numBeams) return false
    return this.worstScore >= bestRunningSum / length ** this.lengthPenalty
  }

  /** The best hypothesis; among equal scores the one added last, as Python's sort + pop(). */
  best(): Hypothesis | undefined {
    let best: Hypothesis | undefined
    for (const h of this.kept) if (best === undefined || h.score >= best.score) best = h
    return best
  }
}
