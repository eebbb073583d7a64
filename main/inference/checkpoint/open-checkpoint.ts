// Picks the right reader for a checkpoint path: a .pth zip, a .safetensors file, a sharded
// index, or a Hugging Face folder holding any of these; unknown content is rejected by its magic bytes.
import { stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { CheckpointError } from './errors'
import { describe, openFile, readExactly } from './file-bytes'
import { openPth } from './pth-reader'
import { openSafetensors } from './safetensors-reader'
import { openShardedCheckpoint, PYTORCH_BIN_INDEX, SAFETENSORS_INDEX } from './sharded-reader'
import type { CheckpointReader } from './types'

export async function openCheckpoint(path: string): Promise<CheckpointReader> {
  let isFolder: boolean
  try {
    isFolder = (await stat(path)).isDirectory()
  } catch (error) {
    throw new CheckpointError('NOT_FOUND', `${path} cannot be opened: ${describe(error)}`, {
      cause: error
    })
  }
  if (isFolder) return openFolder(path)
  if (path.endsWith('.index.json')) return openShardedCheckpoint(path)
  if (path.endsWith('.safetensors')) return openSafetensors(path)
  return openByContent(path)
}

/** A Hugging Face folder: safetensors preferred over .bin, as transformers does. */
async function openFolder(folder: string): Promise<CheckpointReader> {
  const candidates: ReadonlyArray<readonly [string, (path: string) => Promise<CheckpointReader>]> =
    [
      [SAFETENSORS_INDEX, (path) => openShardedCheckpoint(path)],
      ['model.safetensors', openSafetensors],
      [PYTORCH_BIN_INDEX, (path) => openShardedCheckpoint(path)],
      ['pytorch_model.bin', openPth]
    ]
  for (const [file, open] of candidates) {
    const candidate = join(folder, file)
    if (await exists(candidate)) return open(candidate)
  }
  throw new CheckpointError(
    'UNRECOGNIZED_FORMAT',
    `${folder} holds no ${candidates.map(([file]) => file).join(', ')}`
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
      'UNRECOGNIZED_FORMAT',
      `${basename(path)} is a legacy (pre-1.6, non-zip) PyTorch file; re-save it with a current torch.save`
    )
  }
  if (magic.length === 9 && magic[8] === 0x7b) return openSafetensors(path)
  throw new CheckpointError(
    'UNRECOGNIZED_FORMAT',
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
