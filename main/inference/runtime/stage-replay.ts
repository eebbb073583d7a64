// What a stage process received, per sequence, so a restarted process can rebuild its KV cache:
// the StageInputs in order, cut at truncate() (a chunk cut mid-way keeps its first rows; the
// causal bias of a kept row never looks at a later one).
import type { StageInput } from './stage'

export class StageInputLog {
  private readonly chunks: StageInput[]

  constructor(chunks: readonly StageInput[] = []) {
    this.chunks = [...chunks]
  }

  get inputs(): readonly StageInput[] {
    return this.chunks
  }

  record(input: StageInput): void {
    this.chunks.push(input)
  }

  /** Keeps the first `length` positions. */
  truncate(length: number): void {
    let start = 0
    for (let i = 0; i < this.chunks.length; i++) {
      const chunk = this.chunks[i]
      if (start + chunk.tokens <= length) {
        start += chunk.tokens
        continue
      }
      const keep = length - start
      this.chunks.length = i
      if (keep > 0) this.chunks.push(firstRows(chunk, keep))
      return
    }
  }

  copy(): StageInputLog {
    return new StageInputLog(this.chunks)
  }
}

/** The chunk's first `keep` token rows; attnBias [tokens, cached + tokens] also loses columns. */
export function firstRows(input: StageInput, keep: number): StageInput {
  const rows = (values: Float32Array): Float32Array =>
    values.slice(0, (values.length / input.tokens) * keep)
  const width = input.attnBias.length / input.tokens
  const cached = width - input.tokens
  const bias = new Float32Array(keep * (cached + keep))
  for (let row = 0; row < keep; row++) {
    bias.set(
      input.attnBias.subarray(row * width, row * width + cached + keep),
      row * (cached + keep)
    )
  }
  return {
    hidden: rows(input.hidden),
    tokens: keep,
    ropeCos: rows(input.ropeCos),
    ropeSin: rows(input.ropeSin),
    lognScale: rows(input.lognScale),
    attnBias: bias,
    ...(input.logits ? { logits: input.logits } : {})
  }
}
