// A small graph that selects the K best logits on the device, so greedy decoding reads back K
// values and ids instead of the vocabulary (generation/top-logits.ts says why K suffice).
//
// ONNX TopK over 151,936 columns is one global bitonic sort on the WebGPU EP (about 170
// dispatches; 0.5 s a step on SwiftShader), and TopK over many rows sorts every row. Sorting only
// K·16 candidates is enough: the logits are cut into blocks of 16, block maxima are taken
// (ReduceMax), and maxima of 16 maxima, until at most TOP_WIDTH remain; TopK picks the K best of
// those, and each level down gathers the 16 children of the K picked and keeps their K best.
// The K largest values always lie in the K blocks of largest maxima (each of those K values
// lifts its own block's maximum at least as high), so every id left out scores no more than the
// smallest value returned. Ids travel as float32 (exact below 2^24) because the WebGPU EP casts
// int64 on the CPU; TopK's int64 indices are only ever used to gather.
import { GraphBuilder, attr } from './graph-builder'

/** Children per block at each level. */
const BLOCK = 16
/** Widest TopK run (one workgroup sorts it in shared memory). */
const TOP_WIDTH = 1024

export const TOP_LOGITS_INPUT = 'logits'
export const TOP_LOGITS_VALUES = 'top_values'
export const TOP_LOGITS_IDS = 'top_ids'

/** Graph: logits [1, vocab] float -> top_values [1, k] float, top_ids [1, k] int32. */
export function buildTopLogitsGraph(vocab: number, k: number): Uint8Array {
  const b = new GraphBuilder('top_logits')
  const logits = b.input(TOP_LOGITS_INPUT, 'float', [1, vocab])
  const top = (x: string, count: number): string[] =>
    b.opMulti('TopK', [x, b.constInt64([count])], { axis: attr.int(-1) }, { outputs: 2 })
  const reshape = (x: string, dims: number[]): string => b.op('Reshape', [x, b.constInt64(dims)])

  // Up: levels[i] is the [rows, BLOCK] view of level i (level 0: the logits, padded with -inf).
  const levels: { view: string; rows: number }[] = []
  let current = reshape(logits, [vocab])
  let count = vocab
  while (count > TOP_WIDTH) {
    const rows = Math.ceil(count / BLOCK)
    const padded =
      rows * BLOCK === count
        ? current
        : b.op('Pad', [
            current,
            b.constInt64([0, rows * BLOCK - count]),
            b.constFloat([Number.NEGATIVE_INFINITY], [])
          ])
    const view = reshape(padded, [rows, BLOCK])
    levels.push({ view, rows })
    current = b.op('ReduceMax', [view], { axes: attr.ints([1]), keepdims: attr.int(0) })
    count = rows
  }

  // The K best of the top level; their ids are positions in it.
  let kept = Math.min(k, count)
  let [values, picked] = top(reshape(current, [1, count]), kept)
  let ids = b.op('GatherElements', [b.constFloat(arange(count), [1, count]), picked], {
    axis: attr.int(1)
  })
  // Down: the children of the kept entries, and the K best of them.
  for (let level = levels.length - 1; level >= 0; level--) {
    const parents = b.op('Cast', [reshape(ids, [kept])], { to: attr.int(6) })
    const children = reshape(b.op('Gather', [levels[level].view, parents], { axis: attr.int(0) }), [
      1,
      kept * BLOCK
    ])
    const childIds = reshape(
      b.op('Add', [
        b.op('Mul', [reshape(ids, [kept, 1]), b.constFloat([BLOCK], [])]),
        b.constFloat(arange(BLOCK), [1, BLOCK])
      ]),
      [1, kept * BLOCK]
    )
    const next = Math.min(k, kept * BLOCK)
    ;[values, picked] = top(children, next)
    ids = b.op('GatherElements', [childIds, picked], { axis: attr.int(1) })
    kept = next
  }
  b.output(values, TOP_LOGITS_VALUES, 'float', [1, kept])
  b.output(b.op('Cast', [ids], { to: attr.int(6) }), TOP_LOGITS_IDS, 'int32', [1, kept])
  return b.toBytes()
}

function arange(length: number): number[] {
  return Array.from({ length }, (_, i) => i)
}
