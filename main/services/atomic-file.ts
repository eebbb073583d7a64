// Crash-safe file replacement: write a temp file beside the target, fsync it, rename it over the
// target, then fsync the folder, so a reader sees either the old or the new file, never half.
import { open, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { randomBytes } from 'node:crypto'

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    const handle = await open(temp, 'w', 0o600)
    try {
      await handle.writeFile(data)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, path)
  } catch (error) {
    // A full disk fails the write or the sync: the partial temp file must not stay behind.
    await rm(temp, { force: true }).catch(() => {})
    throw error
  }
  await syncFolder(dirname(path))
}

async function syncFolder(folder: string): Promise<void> {
  // Some platforms (Windows) cannot open a folder for fsync; the rename is still atomic there.
  const handle = await open(folder, 'r').catch(() => null)
  if (!handle) return
  try {
    await handle.sync().catch(() => {})
  } finally {
    await handle.close()
  }
}
