// A real small disk for full-disk tests: a tmpfs of a few hundred KiB mounted on a fresh folder
// (needs root, as in CI's container). When mounting is impossible the caller skips, naming why.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface SmallDisk {
  readonly dir: string
  unmount(): void
}

export type SmallDiskResult = { disk: SmallDisk; reason: null } | { disk: null; reason: string }

export function mountSmallDisk(sizeKiB: number): SmallDiskResult {
  const dir = mkdtempSync(join(tmpdir(), 'mpp-small-disk-'))
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKiB}k,mode=0700`, 'tmpfs', dir], {
      stdio: 'pipe'
    })
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error)
    return { disk: null, reason: `cannot mount a tmpfs here (${detail})` }
  }
  return {
    disk: {
      dir,
      unmount: () => {
        execFileSync('umount', ['-l', dir], { stdio: 'pipe' })
        rmSync(dir, { recursive: true, force: true })
      }
    },
    reason: null
  }
}

/** Writes `path` until the disk is full; returns the bytes written. */
export function fillDisk(path: string): number {
  const fd = openSync(path, 'w')
  const block = Buffer.alloc(4096, 0x55)
  let written = 0
  try {
    for (;;) written += writeSync(fd, block)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error
  } finally {
    closeSync(fd)
  }
  return written
}
