// Writes .safetensors files, optionally sharded by a byte budget with a Hugging Face
// model.safetensors.index.json, naming shards model-0000k-of-0000n.safetensors.
import { open, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { dtypeBytes, elementCount } from './dtype'
import { encodeChunks, type TensorToWrite } from './pth-writer'
import { safetensorsDtypes } from './safetensors-reader'
import type { StorageDtype } from './types'

const DTYPE_CODES = Object.fromEntries(
  Object.entries(safetensorsDtypes).map(([code, dtype]) => [dtype, code])
) as Record<StorageDtype, string>

export async function writeSafetensors(
  path: string,
  tensors: readonly TensorToWrite[]
): Promise<void> {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } }
  let offset = 0
  for (const tensor of tensors) {
    const size = elementCount(tensor.shape) * dtypeBytes[tensor.dtype]
    header[tensor.name] = {
      dtype: DTYPE_CODES[tensor.dtype],
      shape: tensor.shape,
      data_offsets: [offset, offset + size]
    }
    offset += size
  }
  let json = JSON.stringify(header)
  json += ' '.repeat((8 - (json.length % 8)) % 8) // keeps the data 8-byte aligned, as the spec recommends
  const jsonBytes = new TextEncoder().encode(json)
  const handle = await open(path, 'w')
  try {
    const prefix = Buffer.alloc(8)
    prefix.writeBigUInt64LE(BigInt(jsonBytes.length), 0)
    let position = 0
    const write = async (bytes: Uint8Array): Promise<void> => {
      await handle.write(bytes, 0, bytes.length, position)
      position += bytes.length
    }
    await write(prefix)
    await write(jsonBytes)
    for (const tensor of tensors) for (const chunk of encodeChunks(tensor)) await write(chunk)
  } finally {
    await handle.close()
  }
}

/** Splits tensors into shards of at most `maxShardBytes` (a tensor is never split) plus an index. */
export async function writeShardedSafetensors(
  folder: string,
  tensors: readonly TensorToWrite[],
  maxShardBytes: number
): Promise<string[]> {
  const shards: TensorToWrite[][] = [[]]
  let current = 0
  let total = 0
  for (const tensor of tensors) {
    const size = elementCount(tensor.shape) * dtypeBytes[tensor.dtype]
    if (current > 0 && current + size > maxShardBytes) {
      shards.push([])
      current = 0
    }
    shards[shards.length - 1].push(tensor)
    current += size
    total += size
  }
  const pad = (n: number): string => String(n).padStart(5, '0')
  const names = shards.map((_, i) => `model-${pad(i + 1)}-of-${pad(shards.length)}.safetensors`)
  const weightMap: Record<string, string> = {}
  for (const [i, shard] of shards.entries()) {
    await writeSafetensors(join(folder, names[i]), shard)
    for (const tensor of shard) weightMap[tensor.name] = names[i]
  }
  const index = { metadata: { total_size: total }, weight_map: weightMap }
  await writeFile(
    join(folder, 'model.safetensors.index.json'),
    JSON.stringify(index, null, 2) + '\n'
  )
  return names
}
