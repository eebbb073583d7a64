// Opening the data folder for a front door (`mpp serve`, the app): take its lock (data-lock.ts),
// then sweep what a killed process left half-done: temp files of atomic writes, uploads that were
// still arriving, import folders, set-aside stale locks. Only files no finished write refers to.
// Stale socket folders in the OS temp folder go too (temp-sweep.ts).
import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { acquireDataLock, LOCK_FILE, type DataLock } from './data-lock'
import { sweepStaleTempFolders } from './temp-sweep'

/** Where web imports are received, inside the data folder so that the sweep finds leftovers. */
export const INCOMING_DIR = 'incoming'

export interface OpenedDataFolder {
  readonly lock: DataLock
  /** Paths removed, relative to the data folder. */
  readonly swept: string[]
  /** Stale private folders removed from the OS temp folder (absolute paths). */
  readonly sweptTemp: string[]
}

const LEFTOVER: Array<{ folder: string; matches: (name: string) => boolean }> = [
  { folder: '.', matches: (name) => isTemp(name) || name.startsWith(`${LOCK_FILE}.stale-`) },
  { folder: 'conversations', matches: isTemp },
  { folder: 'attachments', matches: (name) => isTemp(name) || name.startsWith('.incoming-') },
  { folder: INCOMING_DIR, matches: () => true }
]

function isTemp(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp')
}

/** Removes leftovers of interrupted writes; call only while holding the folder's lock. */
export async function sweepLeftovers(dataDir: string): Promise<string[]> {
  const swept: string[] = []
  for (const { folder, matches } of LEFTOVER) {
    const names = await readdir(join(dataDir, folder)).catch(() => [] as string[])
    for (const name of names.filter(matches)) {
      await rm(join(dataDir, folder, name), { recursive: true, force: true })
      swept.push(folder === '.' ? name : `${folder}/${name}`)
    }
  }
  return swept
}

/** Locks the data folder for this process (or throws DataFolderLockedError) and sweeps it. */
export async function openDataFolder(dataDir: string, owner: string): Promise<OpenedDataFolder> {
  const lock = await acquireDataLock(dataDir, owner)
  try {
    return {
      lock,
      swept: await sweepLeftovers(dataDir),
      sweptTemp: await sweepStaleTempFolders()
    }
  } catch (error) {
    await lock.release()
    throw error
  }
}
