// Turns one resolved source tensor into stored bytes: raw float32/float16 copies, Linear weights
// transposed for MatMul (or 4-bit packed for MatMulNBits), the ViT's [q_bias, 0, v_bias].
// Large outputs are produced and written in chunks: only the source tensor is held whole.
import type { TensorEntry } from '../package/manifest'
import type { Job } from './tensor-plan'
import { halfChunks, quantizeInt4, transposeChunks } from './quantize'
import type { WeightFileWriter } from './weight-writer'

function bytesOf(view: Float32Array | Uint16Array | Uint8Array): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
}

/** One source tensor: whole, or (2-D tensors of readers that support it) a slice of rows. */
export interface TensorSource {
  all(): Promise<Float32Array>
  rows?: (start: number, count: number) => Promise<Float32Array>
}

export type JobReader = (side: 'main' | 'q' | 'v') => TensorSource

/** Tensors above this many elements are streamed in row slices when the reader allows it. */
const STREAM_ELEMENTS = 1 << 22
const SLICE_ELEMENTS = 1 << 21

/** The source as row slices of about SLICE_ELEMENTS values (one slice if it cannot stream). */
async function* rowSlices(
  source: TensorSource,
  shape: readonly number[],
  onSlice?: (elements: number) => void
): AsyncGenerator<{ data: Float32Array; rows: number }> {
  const [rows, cols] = shape
  const total = shape.reduce((a, b) => a * b, 1)
  if (!source.rows || shape.length !== 2 || total <= STREAM_ELEMENTS) {
    yield { data: await source.all(), rows }
    return
  }
  const step = Math.max(1, Math.floor(SLICE_ELEMENTS / cols))
  for (let start = 0; start < rows; start += step) {
    const count = Math.min(step, rows - start)
    yield { data: await source.rows(start, count), rows: count }
    onSlice?.(count * cols)
  }
}

async function* storedSlices(
  source: TensorSource,
  shape: readonly number[],
  half: boolean,
  onSlice?: (elements: number) => void
): AsyncGenerator<Uint8Array> {
  for await (const { data } of rowSlices(source, shape, onSlice)) {
    if (half) yield* halfChunks(data)
    else yield bytesOf(data)
  }
}

/** Writes one job's tensor(s) and returns the manifest entries it produced. */
export async function storeJob(
  job: Job,
  read: JobReader,
  writer: WeightFileWriter,
  blockSize: number,
  /** Called after each streamed row slice with its element count (progress). */
  onSlice?: (elements: number) => void
): Promise<Record<string, TensorEntry>> {
  switch (job.kind) {
    case 'raw':
    case 'embedding': {
      const chunks = storedSlices(read('main'), job.shape, job.store === 'float16', onSlice)
      return { [job.target]: await writer.writeChunks(chunks, job.store, job.shape) }
    }
    case 'qkv-bias': {
      const bias = new Float32Array(3 * job.width)
      bias.set(await read('q').all(), 0)
      bias.set(await read('v').all(), 2 * job.width)
      return { [job.target]: await writer.write(bytesOf(bias), 'float32', [3 * job.width]) }
    }
    case 'linear': {
      const [out, inp] = job.shape
      if (job.store === 'int4') {
        // Quantisation is per output row, so row slices quantise independently.
        const blocks = Math.ceil(inp / blockSize)
        const scales = new Float32Array(out * blocks)
        let row = 0
        const packedChunks = async function* (): AsyncGenerator<Uint8Array> {
          for await (const slice of rowSlices(read('main'), job.shape, onSlice)) {
            const q = quantizeInt4(slice.data, slice.rows, inp, blockSize)
            scales.set(q.scales, row * blocks)
            row += slice.rows
            yield q.packed
          }
        }
        const packed = await writer.writeChunks(packedChunks(), 'int4', [out, inp])
        const scaleEntry = await writer.write(bytesOf(scales), 'float32', [out, blocks])
        return { [job.target]: packed, [`${job.target}.scales`]: scaleEntry }
      }
      const weight = await read('main').all()
      const chunks = transposeChunks(weight, out, inp, job.store === 'float16')
      return { [job.target]: await writer.writeChunks(chunks, job.store, [inp, out]) }
    }
  }
}
