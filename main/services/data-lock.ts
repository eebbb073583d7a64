// One process per data folder: an exclusive lock file (DATA/.lock, created with O_EXCL) naming
// the holder (pid, process start time, what it is, when it started). A second front door on the
// same folder is refused with who holds it; a lock whose process is gone (kill -9, power loss) is
// stale and taken over. Two writers on one folder would each overwrite the other's conversations.
import { readFileSync, rmSync } from 'node:fs'
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { MppError } from '../shared/errors'

export const LOCK_FILE = '.lock'

const LockInfoSchema = z.object({
  pid: z.number().int().positive(),
  /** The process's start time as the OS counts it (Linux: /proc/PID/stat field 22), or null. */
  processStart: z.string().nullable(),
  host: z.string(),
  owner: z.string(),
  startedAt: z.string()
})
export type LockInfo = z.infer<typeof LockInfoSchema>

export interface DataLock {
  readonly path: string
  readonly info: LockInfo
  /** Removes the lock file if it is still ours. */
  release(): Promise<void>
}

export class DataFolderLockedError extends MppError {
  constructor(
    readonly dataDir: string,
    readonly holder: LockInfo
  ) {
    super(
      'DATA_FOLDER_LOCKED',
      `The data folder ${dataDir} is in use by ${holder.owner} (pid ${holder.pid}, started ` +
        `${holder.startedAt}). Only one app or \`mpp serve\` may use a data folder at a time: ` +
        `stop that one first, or give this one another folder (mpp serve --data DIR).`
    )
  }
}

/** The OS's start time of `pid` (Linux), so a reused pid is not taken for the holder. */
export function processStartOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1')
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return fields[19] ?? null
  } catch {
    return null
  }
}

function isAlive(info: LockInfo): boolean {
  if (info.host !== hostname()) return true
  // This very process (a front door started again in-process, as tests do) may take it back.
  if (info.pid === process.pid) return false
  try {
    process.kill(info.pid, 0)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  const start = processStartOf(info.pid)
  return info.processStart === null || start === null || start === info.processStart
}

function parseLock(text: string): LockInfo | null {
  try {
    const parsed = LockInfoSchema.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

async function tryCreate(path: string, info: LockInfo): Promise<boolean> {
  const handle = await open(path, 'wx', 0o600).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EEXIST') return null
    throw error
  })
  if (!handle) return false
  try {
    await handle.writeFile(JSON.stringify(info))
    await handle.sync()
  } finally {
    await handle.close()
  }
  return true
}

/**
 * Takes the data folder's lock for this process, or throws DataFolderLockedError naming the
 * holder. `owner` says what this process is ("mpp serve on http://…", "the MPP Desktop app").
 */
export async function acquireDataLock(dataDir: string, owner: string): Promise<DataLock> {
  await mkdir(dataDir, { recursive: true })
  const path = join(dataDir, LOCK_FILE)
  const info: LockInfo = {
    pid: process.pid,
    processStart: processStartOf(process.pid),
    host: hostname(),
    owner,
    startedAt: new Date().toISOString()
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await tryCreate(path, info)) return heldLock(path, info)
    const text = await readFile(path, 'utf8').catch(() => null)
    if (text === null) continue
    const holder = parseLock(text)
    // A lock file cut short by a crash while it was written holds no holder: stale.
    if (holder && isAlive(holder)) throw new DataFolderLockedError(dataDir, holder)
    await takeOverStale(path, text)
  }
  throw new MppError('DATA_FOLDER_LOCKED', `Could not take the lock on ${dataDir}`)
}

/** Moves a stale lock aside; puts it back if another process replaced it meanwhile. */
async function takeOverStale(path: string, staleText: string): Promise<void> {
  const aside = `${path}.stale-${randomBytes(4).toString('hex')}`
  const moved = await rename(path, aside).then(
    () => true,
    () => false
  )
  if (!moved) return
  const movedText = await readFile(aside, 'utf8').catch(() => null)
  if (movedText !== staleText) await rename(aside, path).catch(() => {})
  else await rm(aside, { force: true })
}

function heldLock(path: string, info: LockInfo): DataLock {
  const ours = (text: string | null): boolean => text !== null && parseLock(text)?.pid === info.pid
  // An exit the code did not plan for (an uncaught error) still gives the folder back.
  const onExit = (): void => {
    try {
      if (ours(readFileSync(path, 'utf8'))) rmSync(path, { force: true })
    } catch {
      // Already gone: nothing to give back.
    }
  }
  process.once('exit', onExit)
  return {
    path,
    info,
    release: async () => {
      process.off('exit', onExit)
      if (ours(await readFile(path, 'utf8').catch(() => null))) await rm(path, { force: true })
    }
  }
}
