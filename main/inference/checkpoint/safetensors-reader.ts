// Reader for .safetensors files (8-byte little-endian header length, JSON header, raw data) and
// (sharded folders: sharded-reader.ts).
import type { FileHandle } from 'node:fs/promises'
import { basename } from 'node:path'
import { z } from 'zod'
import { dtypeBytes, elementCount } from './dtype'
import { CheckpointError } from './errors'
import { describe, openFile, readExactly } from './file-bytes'
import { readStrided, sliceRows, type StridedSource } from './strided'
import { FileTensorReader } from './file-tensor-reader'
import type { CheckpointReader, StorageDtype, TensorInfo } from './types'

export const safetensorsDtypes: Readonly<Record<string, StorageDtype>> = {
  F32: 'float32',
  F16: 'float16',
  BF16: 'bfloat16',
  F64: 'float64',
  I64: 'int64',
  I32: 'int32',
  U8: 'uint8',
  BOOL: 'bool'
}

const MAX_HEADER_BYTES = 100 * 1024 * 1024

const headerEntry = z.object({
  dtype: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  data_offsets: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])
})

interface SafetensorsTensor extends TensorInfo {
  /** Absolute file offset of the first byte. */
  readonly start: number
}

export async function openSafetensors(path: string): Promise<CheckpointReader> {
  const { handle, size } = await openFile(path)
  try {
    return new SafetensorsReader(path, handle, await readHeader(handle, path, size))
  } catch (error) {
    await handle.close()
    throw error
  }
}

async function readHeader(
  handle: FileHandle,
  path: string,
  fileSize: number
): Promise<Map<string, SafetensorsTensor>> {
  const name = basename(path)
  const bad = (detail: string): CheckpointError =>
    new CheckpointError('BAD_HEADER', `${name} is not a valid safetensors file: ${detail}`)
  if (fileSize < 8)
    throw new CheckpointError(
      'TRUNCATED',
      `${name} is truncated: shorter than a safetensors header`
    )
  const lengthBytes = await readExactly(handle, path, 0, 8, 'the header length')
  const headerLength = Number(new DataView(lengthBytes.buffer).getBigUint64(0, true))
  if (headerLength > MAX_HEADER_BYTES) throw bad(`header length ${headerLength} is implausible`)
  if (8 + headerLength > fileSize) {
    throw new CheckpointError(
      'TRUNCATED',
      `${name} is truncated: its ${headerLength}-byte header overruns the ${fileSize}-byte file`
    )
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(
        await readExactly(handle, path, 8, headerLength, 'the header')
      )
    )
  } catch (error) {
    throw bad(`header is not JSON (${describe(error)})`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw bad('header is not a JSON object')
  const dataStart = 8 + headerLength
  const tensors = new Map<string, SafetensorsTensor>()
  for (const [key, raw] of Object.entries(parsed)) {
    if (key === '__metadata__') continue
    const entry = headerEntry.safeParse(raw)
    if (!entry.success) throw bad(`entry ${key} is malformed`)
    const {
      dtype: code,
      shape,
      data_offsets: [begin, end]
    } = entry.data
    const dtype = safetensorsDtypes[code]
    if (dtype === undefined) {
      throw new CheckpointError(
        'UNSUPPORTED_DTYPE',
        `${name}: tensor ${key} has unsupported dtype ${code}`
      )
    }
    if (end - begin !== elementCount(shape) * dtypeBytes[dtype]) {
      throw bad(
        `tensor ${key} spans ${end - begin} bytes but its shape needs ${elementCount(shape) * dtypeBytes[dtype]}`
      )
    }
    if (dataStart + end > fileSize) {
      throw new CheckpointError(
        'TRUNCATED',
        `${name} is truncated: tensor ${key} ends at byte ${dataStart + end} of a ${fileSize}-byte file`
      )
    }
    tensors.set(key, { name: key, dtype, shape, start: dataStart + begin })
  }
  return tensors
}

class SafetensorsReader extends FileTensorReader<SafetensorsTensor> {
  protected read<T extends Float32Array | Float64Array>(
    name: string,
    widen: 'float32' | 'float64',
    rows?: readonly [number, number]
  ): Promise<T> {
    const info = this.info(name)
    const source: StridedSource = {
      handle: this.handle,
      path: this.path,
      storageStart: info.start,
      dtype: info.dtype,
      storageOffset: 0,
      shape: info.shape,
      stride: contiguousStride(info.shape),
      name
    }
    return readStrided<T>(rows ? sliceRows(source, rows[0], rows[1]) : source, widen)
  }
}

export function contiguousStride(shape: readonly number[]): number[] {
  const stride = new Array<number>(shape.length)
  let step = 1
  for (let d = shape.length - 1; d >= 0; d--) {
    stride[d] = step
    step *= shape[d]
  }
  return stride
}
