// Sweeps what a killed process left in the OS temp folder: the private folders of the stage
// channel (mpp-ch-*, a socket that lives as long as its host) and of frame extraction
// (mpp-frames-*, a socket that lives until ffmpeg connects, milliseconds). A channel folder is
// stale when nobody listens on its socket; a live host's is never touched.
import { connect } from 'node:net'
import { lstat, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A frames folder is gone within milliseconds of its making: older than this, its owner died. */
const FRAMES_STALE_MS = 10 * 60_000
/** A channel folder without its socket yet: its owner is between mkdtemp and listen. */
const CHANNEL_UNBOUND_STALE_MS = 60_000

function listening(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ path })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    // ECONNREFUSED (a socket file with no listener) or ENOENT: nobody is there.
    socket.once('error', () => resolve(false))
  })
}

async function stale(dir: string, name: string, now: number): Promise<boolean> {
  const info = await lstat(dir).catch(() => null)
  if (!info?.isDirectory()) return false
  if (typeof process.getuid === 'function' && info.uid !== process.getuid()) return false
  const age = now - info.mtimeMs
  if (name.startsWith('mpp-frames-')) return age > FRAMES_STALE_MS
  const socket = await lstat(join(dir, 's')).catch(() => null)
  if (!socket) return age > CHANNEL_UNBOUND_STALE_MS
  return socket.isSocket() && !(await listening(join(dir, 's')))
}

/** Removes stale mpp-ch-* and mpp-frames-* folders; returns their paths. */
export async function sweepStaleTempFolders(now = Date.now()): Promise<string[]> {
  if (process.platform === 'win32') return []
  const swept: string[] = []
  // The channel falls back to /tmp when TMPDIR is too deep for a socket path.
  for (const base of new Set([tmpdir(), '/tmp'])) {
    const names = await readdir(base).catch(() => [] as string[])
    for (const name of names) {
      if (!name.startsWith('mpp-ch-') && !name.startsWith('mpp-frames-')) continue
      const dir = join(base, name)
      if (await stale(dir, name, now)) {
        await rm(dir, { recursive: true, force: true })
        swept.push(dir)
      }
    }
  }
  return swept
}
