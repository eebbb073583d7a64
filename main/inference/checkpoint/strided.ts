// Shared tensor-reading step of every reader: read the storage span a (possibly strided) view
// touches, widen it, and gather it into a contiguous row-major array.
import type { FileHandle } from 'node:fs/promises'
import { decodeFloat32, decodeFloat64, dtypeBytes, elementCount } from './dtype'
import { CheckpointError } from './errors'
import { readExactly } from './file-bytes'
import type { StorageDtype } from './types'

export interface StridedSource {
  readonly handle: FileHandle
  readonly path: string
  /** File offset of storage element 0. */
  readonly storageStart: number
  readonly dtype: StorageDtype
  readonly storageOffset: number
  readonly shape: readonly number[]
  readonly stride: readonly number[]
  readonly name: string
}

/** Storage elements spanned by a view: from its offset to its furthest element, inclusive. */
export function spanElements(shape: readonly number[], stride: readonly number[]): number {
  if (elementCount(shape) === 0) return 0
  let last = 0
  for (let d = 0; d < shape.length; d++) last += (shape[d] - 1) * stride[d]
  return last + 1
}

export function isContiguous(shape: readonly number[], stride: readonly number[]): boolean {
  let expected = 1
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] !== 1 && stride[d] !== expected) return false
    expected *= shape[d]
  }
  return true
}

export async function readStrided<T extends Float32Array | Float64Array>(
  source: StridedSource,
  widen: 'float32' | 'float64'
): Promise<T> {
  const { shape, stride, dtype } = source
  const count = elementCount(shape)
  const span = spanElements(shape, stride)
  const size = dtypeBytes[dtype]
  const bytes = await readExactly(
    source.handle,
    source.path,
    source.storageStart + source.storageOffset * size,
    span * size,
    `tensor ${source.name}`
  )
  const decode = widen === 'float32' ? decodeFloat32 : decodeFloat64
  const values = decode(bytes, dtype, span)
  if (isContiguous(shape, stride)) return values.subarray(0, count) as T
  const out = (widen === 'float32' ? new Float32Array(count) : new Float64Array(count)) as T
  gather(values, out, shape, stride)
  return out
}

function gather(
  values: Float32Array | Float64Array,
  out: Float32Array | Float64Array,
  shape: readonly number[],
  stride: readonly number[]
): void {
  const rank = shape.length
  const index = new Array<number>(rank).fill(0)
  let source = 0
  for (let i = 0; i < out.length; i++) {
    out[i] = values[source]
    for (let d = rank - 1; d >= 0; d--) {
      index[d] += 1
      source += stride[d]
      if (index[d] < shape[d]) break
      source -= stride[d] * shape[d]
      index[d] = 0
    }
  }
}

/** The same view restricted to rows [start, start + count) of its first dimension. */
export function sliceRows(source: StridedSource, start: number, count: number): StridedSource {
  const rows = source.shape[0]
  if (
    source.shape.length === 0 ||
    !Number.isInteger(start) ||
    !Number.isInteger(count) ||
    start < 0 ||
    count < 0 ||
    start + count > rows
  ) {
    throw new CheckpointError(
      'BAD_TENSOR',
      `rows ${start}..${start + count} are outside tensor ${source.name} of shape [${source.shape.join(', ')}]`
    )
  }
  return {
    ...source,
    storageOffset: source.storageOffset + start * source.stride[0],
    shape: [count, ...source.shape.slice(1)]
  }
}
