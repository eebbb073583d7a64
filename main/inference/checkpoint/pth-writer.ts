// Writes a PyTorch zip checkpoint in torch.save's layout (<stem>/data.pkl, <stem>/byteorder,
// <stem>/data/<key>, <stem>/version), one contiguous storage per tensor, data streamed in chunks.
import { basename, extname } from 'node:path'
import { dtypeBytes, elementCount, encodeFloats } from './dtype'
import { CheckpointError } from './errors'
import { pickleStateDict } from './pickle-writer'
import type { StorageDtype } from './types'
import { ZipStoreWriter } from './zip-store-writer'

/** A tensor to write; `chunks` yields its row-major values in order, each call from the start. */
export interface TensorToWrite {
  readonly name: string
  readonly dtype: StorageDtype
  readonly shape: readonly number[]
  chunks(): Iterable<ArrayLike<number>>
}

export interface PthWriteOptions {
  /** Wrap the state dict as {"model": ...}, as LAVIS checkpoints do. */
  readonly wrapInModel?: boolean
}

export async function writePth(
  path: string,
  tensors: readonly TensorToWrite[],
  options: PthWriteOptions = {}
): Promise<void> {
  const stem = basename(path, extname(path))
  const pickled = tensors.map((tensor, index) => {
    const numel = elementCount(tensor.shape)
    const stride: number[] = []
    let step = 1
    for (let d = tensor.shape.length - 1; d >= 0; d--) {
      stride[d] = step
      step *= tensor.shape[d]
    }
    return { ...tensor, storageKey: String(index), storageNumel: numel, storageOffset: 0, stride }
  })
  const writer = await ZipStoreWriter.create(path)
  try {
    const pickle = pickleStateDict(pickled, options.wrapInModel ?? false)
    await writer.addEntry(`${stem}/data.pkl`, pickle.length, [pickle])
    const order = new TextEncoder().encode('little')
    await writer.addEntry(`${stem}/byteorder`, order.length, [order])
    for (const [index, tensor] of tensors.entries()) {
      const size = elementCount(tensor.shape) * dtypeBytes[tensor.dtype]
      await writer.addEntry(`${stem}/data/${index}`, size, encodeChunks(tensor))
    }
    const version = new TextEncoder().encode('3\n')
    await writer.addEntry(`${stem}/version`, version.length, [version])
    await writer.finish()
  } catch (error) {
    await writer.abort()
    if (error instanceof CheckpointError) throw error
    throw new CheckpointError('WRITE_FAILED', `${path} could not be written`, { cause: error })
  }
}

export function* encodeChunks(tensor: TensorToWrite): Iterable<Uint8Array> {
  for (const chunk of tensor.chunks()) yield encodeFloats(chunk, tensor.dtype)
}
