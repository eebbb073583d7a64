// Test double of KvSequence for loop-logic tests only: a "language model" whose next-token
// distribution is a hand-written table keyed by the tokens generated so far. Tracks how many
// sequences are open so tests can check that beams are closed.

export type NextTable = (history: readonly number[]) => Record<number, number>

export interface ScriptedModel {
  readonly vocab: number
  open: () => ScriptedSequence
  openCount: () => number
  steps: () => number
}

/** Logits whose softmax gives the table's probabilities (unlisted ids get ~1e-13). */
export function logitsFor(probs: Record<number, number>, vocab: number): Float32Array {
  const out = new Float32Array(vocab).fill(-30)
  for (const [id, p] of Object.entries(probs)) out[Number(id)] = Math.log(p)
  return out
}

export class ScriptedSequence {
  constructor(
    private readonly model: {
      vocab: number
      table: NextTable
      live: Set<ScriptedSequence>
      steps: number
    },
    public history: number[]
  ) {
    model.live.add(this)
  }

  get length(): number {
    return this.history.length
  }

  logits(): Float32Array {
    return logitsFor(this.model.table(this.history), this.model.vocab)
  }

  async extend(input: { ids: readonly number[] }): Promise<Float32Array> {
    if (!this.model.live.has(this)) throw new Error('extend on a closed sequence')
    this.model.steps++
    this.history = [...this.history, ...input.ids]
    return this.logits()
  }

  async extendWith(input: { ids: readonly number[] }): Promise<{ logits: Float32Array }> {
    return { logits: await this.extend(input) }
  }

  truncate(length: number): void {
    this.history = this.history.slice(0, length)
  }

  fork(): ScriptedSequence {
    if (!this.model.live.has(this)) throw new Error('fork of a closed sequence')
    return new ScriptedSequence(this.model, [...this.history])
  }

  close(): void {
    if (!this.model.live.delete(this)) throw new Error('sequence closed twice')
  }
}

export function scriptedModel(vocab: number, table: NextTable): ScriptedModel {
  const state = { vocab, table, live: new Set<ScriptedSequence>(), steps: 0 }
  return {
    vocab,
    open: () => new ScriptedSequence(state, []),
    openCount: () => state.live.size,
    steps: () => state.steps
  }
}
