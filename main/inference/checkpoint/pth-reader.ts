// Reader for PyTorch zip checkpoints (torch.save since 1.6): the pickled state dict names
// tensors as strided views into storages stored uncompressed as <archive>/data/<key>; tensor
// bytes are read on demand at their file offset, one tensor at a time.
import type { FileHandle } from 'node:fs/promises'
import { basename } from 'node:path'
import { dtypeBytes, elementCount } from './dtype'
import { CheckpointError } from './errors'
import { openFile, readExactly } from './file-bytes'
import { PickleDict, TensorRef, type PickleValue } from './pickle-values'
import { readStrided, sliceRows, spanElements, type StridedSource } from './strided'
import { FileTensorReader } from './file-tensor-reader'
import type { CheckpointReader, TensorInfo } from './types'
import { unpickle } from './unpickle'
import { entryDataOffset, readZipDirectory, type ZipEntry } from './zip-directory'

/** Top-level keys that wrap the state dict in training checkpoints, tried in this order. */
const WRAPPER_KEYS = ['model', 'module', 'state_dict']
const MAX_PICKLE_BYTES = 1 << 30

export interface PthTensorInfo extends TensorInfo {
  readonly storageKey: string
  readonly storageOffset: number
  readonly stride: readonly number[]
}

export async function openPth(path: string): Promise<CheckpointReader> {
  const { handle, size } = await openFile(path)
  try {
    return await readPth(handle, path, size)
  } catch (error) {
    await handle.close()
    throw error
  }
}

async function readPth(handle: FileHandle, path: string, fileSize: number): Promise<PthReader> {
  const name = basename(path)
  const entries = await readZipDirectory(handle, path, fileSize)
  const pickleEntry = entries.find((entry) => /(^|\/)data\.pkl$/.test(entry.name))
  if (!pickleEntry) {
    throw new CheckpointError(
      'UNRECOGNIZED_FORMAT',
      `${name} is a zip archive without data.pkl, not a PyTorch checkpoint`
    )
  }
  const prefix = pickleEntry.name.slice(0, -'data.pkl'.length)
  const byName = new Map(entries.map((entry) => [entry.name, entry]))
  const byteorder = byName.get(`${prefix}byteorder`)
  if (byteorder) {
    const order = await readEntry(handle, path, byteorder, 16)
    if (new TextDecoder().decode(order).trim() !== 'little') {
      throw new CheckpointError(
        'UNSUPPORTED_DTYPE',
        `${name} was saved on a big-endian machine, which is not supported`
      )
    }
  }
  const root = unpickle(await readEntry(handle, path, pickleEntry, MAX_PICKLE_BYTES), name)
  const tensors = new Map<string, PthTensorInfo>()
  for (const [key, value] of stateDict(root, name).entries) {
    if (!(value instanceof TensorRef)) continue
    const storageEntry = byName.get(`${prefix}data/${value.storage.key}`)
    if (!storageEntry) {
      throw new CheckpointError(
        'TRUNCATED',
        `${name} is missing the data of tensor ${String(key)} (${prefix}data/${value.storage.key})`
      )
    }
    if (storageEntry.method !== 0) {
      throw new CheckpointError(
        'UNSUPPORTED_ZIP',
        `${name} stores ${storageEntry.name} compressed; PyTorch checkpoints store tensor data uncompressed`
      )
    }
    const info: PthTensorInfo = {
      name: String(key),
      dtype: value.storage.dtype,
      shape: value.shape,
      storageKey: value.storage.key,
      storageOffset: value.storageOffset,
      stride: value.stride
    }
    checkFits(info, storageEntry, name)
    tensors.set(info.name, info)
  }
  return new PthReader(path, handle, tensors, byName, prefix)
}

/** The dict holding the tensors: the root itself, or a wrapper entry such as {"model": ...}. */
function stateDict(root: PickleValue, name: string): PickleDict {
  if (!(root instanceof PickleDict)) {
    throw new CheckpointError('NO_STATE_DICT', `${name} does not hold a dict of tensors`)
  }
  for (const key of WRAPPER_KEYS) {
    const inner = root.entries.get(key)
    if (inner instanceof PickleDict && hasTensor(inner)) return inner
  }
  if (!hasTensor(root)) {
    throw new CheckpointError(
      'NO_STATE_DICT',
      `${name} holds no tensors at its top level nor under ${WRAPPER_KEYS.map((k) => `"${k}"`).join(', ')}`
    )
  }
  return root
}

function hasTensor(dict: PickleDict): boolean {
  for (const value of dict.entries.values()) if (value instanceof TensorRef) return true
  return false
}

function checkFits(info: PthTensorInfo, entry: ZipEntry, name: string): void {
  if (info.shape.length !== info.stride.length || info.stride.some((s) => s < 0)) {
    throw new CheckpointError(
      'BAD_TENSOR',
      `${name}: tensor ${info.name} has a malformed size/stride`
    )
  }
  const needed =
    (info.storageOffset + spanElements(info.shape, info.stride)) * dtypeBytes[info.dtype]
  if (elementCount(info.shape) > 0 && needed > entry.size) {
    throw new CheckpointError(
      'TRUNCATED',
      `${name} is damaged: ${entry.name} holds ${entry.size} bytes but tensor ${info.name} needs ${needed}`
    )
  }
}

async function readEntry(
  handle: FileHandle,
  path: string,
  entry: ZipEntry,
  limit: number
): Promise<Uint8Array> {
  if (entry.method !== 0) {
    throw new CheckpointError(
      'UNSUPPORTED_ZIP',
      `${basename(path)} stores ${entry.name} compressed, which PyTorch never does`
    )
  }
  if (entry.size > limit) {
    throw new CheckpointError(
      'BAD_PICKLE',
      `${basename(path)}: ${entry.name} is implausibly large (${entry.size} bytes)`
    )
  }
  const offset = await entryDataOffset(handle, path, entry)
  return readExactly(handle, path, offset, entry.size, entry.name)
}

class PthReader extends FileTensorReader<PthTensorInfo> {
  private readonly dataOffsets = new Map<string, number>()

  constructor(
    path: string,
    handle: FileHandle,
    tensors: Map<string, PthTensorInfo>,
    private readonly entries: Map<string, ZipEntry>,
    private readonly prefix: string
  ) {
    super(path, handle, tensors)
  }

  protected async read<T extends Float32Array | Float64Array>(
    name: string,
    widen: 'float32' | 'float64',
    rows?: readonly [number, number]
  ): Promise<T> {
    const info = this.info(name)
    const source: StridedSource = {
      handle: this.handle,
      path: this.path,
      storageStart: await this.storageStart(info.storageKey),
      dtype: info.dtype,
      storageOffset: info.storageOffset,
      shape: info.shape,
      stride: info.stride,
      name
    }
    return readStrided<T>(rows ? sliceRows(source, rows[0], rows[1]) : source, widen)
  }

  private async storageStart(key: string): Promise<number> {
    const cached = this.dataOffsets.get(key)
    if (cached !== undefined) return cached
    const entry = this.entries.get(`${this.prefix}data/${key}`)
    if (!entry)
      throw new CheckpointError('TRUNCATED', `${basename(this.path)} lacks storage ${key}`)
    const offset = await entryDataOffset(this.handle, this.path, entry)
    this.dataOffsets.set(key, offset)
    return offset
  }
}
