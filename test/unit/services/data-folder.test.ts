// One process per data folder, with real processes: a second `mpp serve` on a folder in use exits
// naming the holder; the app (Electron shell over the fake module) says so and quits; a lock left
// by a killed process is taken over; leftovers of interrupted writes are swept at start.
// Needs `electron-vite build` (the tests run the built CLI).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { LOCK_FILE, processStartOf } from '../../../main/services/data-lock'
import { createFakeElectron } from '../../helpers/fake-electron'
import { serveRefusal, startServeChild, type ServeChild } from '../../helpers/serve-child'

const running: ServeChild[] = []
afterEach(async () => {
  for (const serve of running.splice(0)) await serve.stop()
})

async function folders(): Promise<{ dataDir: string; home: string }> {
  const root = await mkdtemp(join(tmpdir(), 'mpp-data-folder-'))
  return { dataDir: join(root, 'data'), home: join(root, 'home') }
}

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'])
  return Number(child.stdout.toString())
}

describe('data folder lock', () => {
  it('refuses a second mpp serve on the same folder, naming the first', async () => {
    const dirs = await folders()
    const first = await startServeChild(dirs)
    running.push(first)
    const second = await serveRefusal(dirs)
    expect(second.code).toBe(1)
    expect(second.stderr).toContain(`is in use by mpp serve (pid ${first.child.pid}`)
    // The first is untouched and still answers.
    const created = await first.call<{ id: string }>('conversation.create', {})
    expect(created.ok).toBe(true)
  })

  it('gives the folder back on a clean stop, and takes over the lock of a killed server', async () => {
    const dirs = await folders()
    const first = await startServeChild(dirs)
    await first.stop()
    expect(existsSync(join(dirs.dataDir, LOCK_FILE)), first.stderr()).toBe(false)
    const killed = await startServeChild(dirs)
    await killed.kill9()
    expect(existsSync(join(dirs.dataDir, LOCK_FILE))).toBe(true)
    const next = await startServeChild(dirs)
    running.push(next)
    const holder = JSON.parse(await readFile(join(dirs.dataDir, LOCK_FILE), 'utf8')) as {
      pid: number
    }
    expect(holder.pid).toBe(next.child.pid)
  })

  it('takes over a lock whose pid is gone, or reused by another process', async () => {
    const dirs = await folders()
    await mkdir(dirs.dataDir, { recursive: true })
    const stale = {
      pid: deadPid(),
      processStart: '1',
      host: hostname(),
      owner: 'mpp serve',
      startedAt: '2020-01-01T00:00:00.000Z'
    }
    await writeFile(join(dirs.dataDir, LOCK_FILE), JSON.stringify(stale))
    const serve = await startServeChild(dirs)
    await serve.stop()
    // A live pid whose process started at another time than the holder's is not the holder.
    const other = spawn('sleep', ['30'])
    try {
      const reused = { ...stale, pid: other.pid, processStart: '1' }
      await writeFile(join(dirs.dataDir, LOCK_FILE), JSON.stringify(reused))
      const again = await startServeChild(dirs)
      running.push(again)
    } finally {
      other.kill()
    }
  })

  it('sweeps temp files, half-received uploads and import folders at start, and nothing else', async () => {
    const dirs = await folders()
    const conversations = join(dirs.dataDir, 'conversations')
    const attachments = join(dirs.dataDir, 'attachments')
    const imports = join(dirs.dataDir, 'incoming', 'mpp-import-Ab12Cd')
    for (const dir of [conversations, attachments, imports]) await mkdir(dir, { recursive: true })
    const leftovers = [
      join(conversations, '.c-1.json.0123456789ab.tmp'),
      join(attachments, '.incoming-0123456789abcdef'),
      join(attachments, '.abc.json.0123456789ab.tmp'),
      join(dirs.dataDir, '.settings.json.0123456789ab.tmp'),
      join(imports, 'upload')
    ]
    for (const path of leftovers) await writeFile(path, 'partial')
    const kept = [join(conversations, 'notes.txt'), join(attachments, 'abc.json')]
    for (const path of kept) await writeFile(path, 'kept')
    const serve = await startServeChild(dirs)
    running.push(serve)
    for (const path of leftovers) expect(existsSync(path), path).toBe(false)
    expect(await readdir(join(dirs.dataDir, 'incoming'))).toEqual([])
    for (const path of kept) expect(await readFile(path, 'utf8')).toBe('kept')
    expect(serve.stderr()).toContain('removed 5 leftover temporary file(s)')
  })

  it('the app says who holds its data folder and quits', async () => {
    const dirs = await folders()
    await mkdir(dirs.dataDir, { recursive: true })
    const holder = spawn('sleep', ['30'])
    try {
      await new Promise((resolve) => setTimeout(resolve, 100))
      const pid = holder.pid ?? 0
      const lock = {
        pid,
        processStart: processStartOf(pid),
        host: hostname(),
        owner: 'mpp serve',
        startedAt: new Date().toISOString()
      }
      await writeFile(join(dirs.dataDir, LOCK_FILE), JSON.stringify(lock))
      const { bootApp } = await import('../../../main/electron/boot')
      const fake = createFakeElectron({ userData: dirs.dataDir })
      bootApp(fake.electron as never, { mainDir: '/x/out/main', devUrl: null })
      fake.becomeReady()
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(fake.errorBoxes).toHaveLength(1)
      expect(fake.errorBoxes[0].content).toContain(`in use by mpp serve (pid ${pid}`)
      expect(fake.quitCalls).toBe(1)
    } finally {
      holder.kill()
      await rm(dirs.dataDir, { recursive: true, force: true })
    }
  })
})
