// Expected values for replay tests: a chunk's first rows cut by hand out of the inputs that were
// built at the time (rows of every table, and the attention bias's columns past the kept keys),
// and the raw bytes of a float32 array for bit-for-bit comparisons.

export interface ChunkTables {
  tokens: number
  hidden: Float32Array
  ropeCos: Float32Array
  ropeSin: Float32Array
  lognScale: Float32Array
  /** [tokens, cached + tokens] */
  attnBias: Float32Array
}

export function firstRows(input: ChunkTables, keep: number): ChunkTables {
  const rows = (values: Float32Array): Float32Array =>
    values.slice(0, (values.length / input.tokens) * keep)
  const width = input.attnBias.length / input.tokens
  const keptWidth = width - input.tokens + keep
  const attnBias = new Float32Array(keep * keptWidth)
  for (let row = 0; row < keep; row++)
    attnBias.set(input.attnBias.subarray(row * width, row * width + keptWidth), row * keptWidth)
  return {
    tokens: keep,
    hidden: rows(input.hidden),
    ropeCos: rows(input.ropeCos),
    ropeSin: rows(input.ropeSin),
    lognScale: rows(input.lognScale),
    attnBias
  }
}

export const bytes = (values: Float32Array): Buffer =>
  Buffer.from(values.buffer, values.byteOffset, values.byteLength)
