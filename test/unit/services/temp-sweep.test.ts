// Stale private socket folders in the OS temp folder are swept at start; live ones are not. The
// stale channel is real: a child process listens on a socket in it and is killed with SIGKILL,
// leaving the socket file with nobody behind it, as a killed model host does.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, utimes } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sweepStaleTempFolders } from '../../../main/services/temp-sweep'

const savedTmp = process.env.TMPDIR
let base = ''
let live: Server | null = null

async function killedListener(dir: string): Promise<void> {
  const path = join(dir, 's')
  const child = spawn(process.execPath, [
    '-e',
    `require('node:net').createServer().listen(${JSON.stringify(path)}, () => process.stdout.write('up'))`
  ])
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()))
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGKILL')
  await gone
}

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'mpp-sweep-test-'))
  process.env.TMPDIR = base
})
afterAll(async () => {
  live?.close()
  if (savedTmp === undefined) delete process.env.TMPDIR
  else process.env.TMPDIR = savedTmp
  await rm(base, { recursive: true, force: true })
})

describe('sweepStaleTempFolders', () => {
  it('removes a killed host channel and an old frames folder, and keeps live and fresh ones', async () => {
    const dead = join(base, 'mpp-ch-dead01')
    const alive = join(base, 'mpp-ch-live01')
    const binding = join(base, 'mpp-ch-bind01')
    const oldFrames = join(base, 'mpp-frames-old001')
    const newFrames = join(base, 'mpp-frames-new001')
    const other = join(base, 'mpp-other-keep')
    for (const dir of [dead, alive, binding, oldFrames, newFrames, other]) await mkdir(dir)
    await killedListener(dead)
    expect(existsSync(join(dead, 's'))).toBe(true)
    live = createServer()
    await new Promise<void>((resolve) => live?.listen(join(alive, 's'), resolve))
    const twentyMinutesAgo = (Date.now() - 20 * 60_000) / 1000
    await utimes(oldFrames, twentyMinutesAgo, twentyMinutesAgo)
    await utimes(other, twentyMinutesAgo, twentyMinutesAgo)

    const swept = await sweepStaleTempFolders()

    expect(swept.filter((path) => path.startsWith(base)).sort()).toEqual([dead, oldFrames].sort())
    for (const kept of [alive, binding, newFrames, other]) expect(existsSync(kept)).toBe(true)
  })

  it('takes a channel folder whose socket was never bound once it is a minute old', async () => {
    const unbound = join(base, 'mpp-ch-unbound')
    await mkdir(unbound)
    expect(await sweepStaleTempFolders()).not.toContain(unbound)
    expect(await sweepStaleTempFolders(Date.now() + 2 * 60_000)).toContain(unbound)
    expect(existsSync(unbound)).toBe(false)
  })
})
