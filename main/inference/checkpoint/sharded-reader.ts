// Hugging Face sharded checkpoints: an index.json whose weight_map names the shard holding each
// tensor. Shards are safetensors (model.safetensors.index.json) or torch .bin files
// (pytorch_model.bin.index.json); all are opened up front and read lazily.
import { readFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { z } from 'zod'
import { CheckpointError } from './errors'
import { describe } from './file-bytes'
import { openPth } from './pth-reader'
import { openSafetensors } from './safetensors-reader'
import type { CheckpointReader, TensorInfo } from './types'

export const SAFETENSORS_INDEX = 'model.safetensors.index.json'
export const PYTORCH_BIN_INDEX = 'pytorch_model.bin.index.json'

function defaultShardOpener(indexPath: string): (path: string) => Promise<CheckpointReader> {
  return basename(indexPath).startsWith('pytorch_model') ? openPth : openSafetensors
}

/** A model.safetensors.index.json (kept for callers that name the format). */
export function openShardedSafetensors(indexPath: string): Promise<CheckpointReader> {
  return openShardedCheckpoint(indexPath, openSafetensors)
}

const indexSchema = z.object({
  metadata: z.record(z.string(), z.unknown()).optional(),
  weight_map: z.record(z.string(), z.string())
})

/**
 * Opens every shard named by a Hugging Face index (model.safetensors.index.json, or
 * pytorch_model.bin.index.json for .bin shards) and presents them as one reader.
 */
export async function openShardedCheckpoint(
  indexPath: string,
  openShard: (path: string) => Promise<CheckpointReader> = defaultShardOpener(indexPath)
): Promise<CheckpointReader> {
  const name = basename(indexPath)
  let text: string
  try {
    text = await readFile(indexPath, 'utf8')
  } catch (error) {
    throw new CheckpointError('NOT_FOUND', `${indexPath} cannot be read: ${describe(error)}`, {
      cause: error
    })
  }
  let index: z.infer<typeof indexSchema>
  try {
    index = indexSchema.parse(JSON.parse(text))
  } catch (error) {
    throw new CheckpointError(
      'BAD_INDEX',
      `${name} is not a valid sharded-checkpoint index: ${describe(error)}`
    )
  }
  const shardNames = [...new Set(Object.values(index.weight_map))].sort()
  const shards = new Map<string, CheckpointReader>()
  try {
    for (const shard of shardNames) {
      if (shard.includes('/') || shard.includes('\\')) {
        throw new CheckpointError('BAD_INDEX', `${name} names a shard outside its folder: ${shard}`)
      }
      shards.set(shard, await openShard(join(dirname(indexPath), shard)))
    }
    for (const [tensor, shard] of Object.entries(index.weight_map)) {
      if (!shards.get(shard)?.has(tensor)) {
        throw new CheckpointError(
          'BAD_INDEX',
          `${name} places ${tensor} in ${shard}, but that shard does not hold it`
        )
      }
    }
  } catch (error) {
    await Promise.all([...shards.values()].map((reader) => reader.close()))
    throw error
  }
  return new ShardedReader(
    indexPath,
    shardNames.map((shard) => shards.get(shard) as CheckpointReader)
  )
}

class ShardedReader implements CheckpointReader {
  private readonly owner = new Map<string, CheckpointReader>()

  constructor(
    readonly path: string,
    private readonly shards: readonly CheckpointReader[]
  ) {
    for (const shard of shards)
      for (const info of shard.list())
        if (!this.owner.has(info.name)) this.owner.set(info.name, shard)
  }

  list(): readonly TensorInfo[] {
    return [...this.owner.entries()].map(([name, shard]) => shard.info(name))
  }

  has(name: string): boolean {
    return this.owner.has(name)
  }

  info(name: string): TensorInfo {
    return this.shardOf(name).info(name)
  }

  readFloat32(name: string): Promise<Float32Array> {
    return this.shardOf(name).readFloat32(name)
  }

  readFloat64(name: string): Promise<Float64Array> {
    return this.shardOf(name).readFloat64(name)
  }

  readRowsFloat32(name: string, start: number, count: number): Promise<Float32Array> {
    const shard = this.shardOf(name)
    if (!shard.readRowsFloat32)
      throw new CheckpointError('BAD_TENSOR', `${shard.path} cannot read rows`)
    return shard.readRowsFloat32(name, start, count)
  }

  async close(): Promise<void> {
    await Promise.all(this.shards.map((shard) => shard.close()))
  }

  private shardOf(name: string): CheckpointReader {
    const shard = this.owner.get(name)
    if (!shard)
      throw new CheckpointError(
        'UNKNOWN_TENSOR',
        `${basename(this.path)} has no tensor named ${name}`
      )
    return shard
  }
}
