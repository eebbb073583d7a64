// Positioned reads from an open checkpoint file that either return exactly the bytes asked for
// or fail with a CheckpointError naming the file, so a short file never yields silent zeros.
import { open, type FileHandle } from 'node:fs/promises'
import { basename } from 'node:path'
import { CheckpointError } from './errors'

export async function openFile(path: string): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle
  try {
    handle = await open(path, 'r')
  } catch (error) {
    throw new CheckpointError('NOT_FOUND', `${path} cannot be opened: ${describe(error)}`, {
      cause: error
    })
  }
  const stats = await handle.stat()
  if (stats.isDirectory()) {
    await handle.close()
    throw new CheckpointError('UNRECOGNIZED_FORMAT', `${path} is a folder, not a checkpoint file`)
  }
  return { handle, size: stats.size }
}

/** Reads `length` bytes at `position` into a fresh (8-byte aligned) array. */
export async function readExactly(
  handle: FileHandle,
  path: string,
  position: number,
  length: number,
  what: string
): Promise<Uint8Array> {
  const out = new Uint8Array(length)
  let done = 0
  while (done < length) {
    const { bytesRead } = await handle.read(
      out,
      done,
      Math.min(length - done, 1 << 30),
      position + done
    )
    if (bytesRead === 0) {
      throw new CheckpointError(
        'TRUNCATED',
        `${basename(path)} is truncated: ${what} needs ${length} bytes at offset ${position} but the file ends after ${position + done}`
      )
    }
    done += bytesRead
  }
  return out
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
