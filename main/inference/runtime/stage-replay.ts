// What a stage process received, per sequence, so a restarted process can rebuild its KV cache.
// It keeps what cannot be computed again: each chunk's hidden rows and what its position tables
// were built from (start, NTK alpha, arch: stepPositions). The rope, logn and causal-bias tables
// (the bias alone is [tokens, cached + tokens], ~130 MB over an 8k context) are rebuilt, one
// chunk at a time, bit-identical, at replay. Cut at truncate(): a chunk cut mid-way keeps its
// first rows (the causal bias of a kept row never looks at a later one).
import { builtFrom, stepPositions, type PositionSource } from './position-inputs'
import type { StageInput } from './stage'

type PositionTables = Pick<StageInput, 'ropeCos' | 'ropeSin' | 'lognScale' | 'attnBias'>

interface LoggedChunk {
  /** [tokens, hidden], on an ArrayBuffer of its own so that nothing larger stays alive. */
  hidden: Float32Array
  tokens: number
  /** How to build the tables again, or the tables themselves when the input did not say. */
  positions: PositionSource | PositionTables
}

export class StageInputLog {
  private constructor(private readonly chunks: LoggedChunk[]) {}

  static empty(): StageInputLog {
    return new StageInputLog([])
  }

  /** Bytes of the arrays this log holds on its own (shared with copies made by copy()). */
  get retainedBytes(): number {
    let bytes = 0
    for (const { hidden, positions } of this.chunks) {
      bytes += hidden.byteLength
      if (!('arch' in positions))
        for (const table of Object.values(positions)) bytes += table.byteLength
    }
    return bytes
  }

  record(input: StageInput): void {
    const hidden =
      input.hidden.byteOffset === 0 && input.hidden.byteLength === input.hidden.buffer.byteLength
        ? input.hidden
        : input.hidden.slice()
    this.chunks.push({
      hidden,
      tokens: input.tokens,
      positions: builtFrom(input) ?? {
        ropeCos: input.ropeCos,
        ropeSin: input.ropeSin,
        lognScale: input.lognScale,
        attnBias: input.attnBias
      }
    })
  }

  /**
   * The logged inputs in order, each built when asked for, so that a replay holds one chunk's
   * tables at a time.
   */
  *replay(): Generator<StageInput> {
    for (const { hidden, tokens, positions } of this.chunks) {
      const tables =
        'arch' in positions
          ? stepPositions(positions.arch, positions.start, tokens, positions.alpha)
          : positions
      yield {
        hidden,
        tokens,
        ropeCos: tables.ropeCos,
        ropeSin: tables.ropeSin,
        lognScale: tables.lognScale,
        attnBias: tables.attnBias,
        ...('arch' in positions ? { positionSource: positions } : {})
      }
    }
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
    return new StageInputLog([...this.chunks])
  }
}

/** The chunk's first `keep` rows; a stored attnBias [tokens, cached + tokens] also loses columns. */
function firstRows(chunk: LoggedChunk, keep: number): LoggedChunk {
  const rows = (values: Float32Array): Float32Array =>
    values.slice(0, (values.length / chunk.tokens) * keep)
  const { positions } = chunk
  if ('arch' in positions) return { hidden: rows(chunk.hidden), tokens: keep, positions }
  const width = positions.attnBias.length / chunk.tokens
  const cached = width - chunk.tokens
  const bias = new Float32Array(keep * (cached + keep))
  for (let row = 0; row < keep; row++) {
    bias.set(
      positions.attnBias.subarray(row * width, row * width + cached + keep),
      row * (cached + keep)
    )
  }
  return {
    hidden: rows(chunk.hidden),
    tokens: keep,
    positions: {
      ropeCos: rows(positions.ropeCos),
      ropeSin: rows(positions.ropeSin),
      lognScale: rows(positions.lognScale),
      attnBias: bias
    }
  }
}
