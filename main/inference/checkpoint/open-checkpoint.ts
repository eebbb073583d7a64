// Picks the right reader for a checkpoint path: a .pth zip, a .safetensors file, a sharded
// index, or a Hugging Face folder holding either; unknown content is rejected by its magic bytes.
import { stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { CheckpointError } from './errors'
import { describe, openFile, readExactly } from './file-bytes'
import { openPth } from './pth-reader'
import { openSafetensors, openShardedSafetensors } from './safetensors-reader'
import type { CheckpointReader } from './types'

export const SAFETENSORS_INDEX = 'model.safetensors.index.json'

export async function openCheckpoint(path: string): Promise<CheckpointReader> {
  let isFolder: boolean
  try {
    isFolder = (await stat(path)).isDirectory()
  } catch (error) {
    throw new CheckpointError('not-found', `${path} cannot be opened: ${describe(error)}`, {
      cause: error
    })
  }
  if (isFolder) return openFolder(path)
  if (path.endsWith('.index.json')) return openShardedSafetensors(path)
  if (path.endsWith('.safetensors')) return openSafetensors(path)
  return openByContent(path)
}

async function openFolder(folder: string): Promise<CheckpointReader> {
  for (const [file, open] of [
    [SAFETENSORS_INDEX, openShardedSafetensors],
    ['model.safetensors', openSafetensors]
  ] as const) {
    const candidate = join(folder, file)
    if (await exists(candidate)) return open(candidate)
  }
  throw new CheckpointError(
    'unrecognized-format',
    `${folder} holds neither ${SAFETENSORS_INDEX} nor model.safetensors`
  )
}

async function openByContent(path: string): Promise<CheckpointReader> {
  const { handle, size } = await openFile(path)
  let magic: Uint8Array
  try {
    magic = await readExactly(handle, path, 0, Math.min(size, 9), 'the file signature')
  } finally {
    await handle.close()
  }
  if (magic[0] === 0x50 && magic[1] === 0x4b) return openPth(path)
  if (magic[0] === 0x80 && magic[1] <= 5) {
    throw new CheckpointError(
      'unrecognized-format',
      `${basename(path)} is a legacy (pre-1.6, non-zip) PyTorch file; re-save it with a current torch.save`
    )
  }
  if (magic.length === 9 && magic[8] === 0x7b) return openSafetensors(path)
  throw new CheckpointError(
    'unrecognized-format',
    `${basename(path)} is not a checkpoint: neither a PyTorch zip archive nor a safetensors file`
  )
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch {
    return false
  }
}
