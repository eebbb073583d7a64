// A full disk, for real: the stores live on a small tmpfs filled with a filler file. A failed
// write leaves no temp file; an answer whose save fails is shown and kept, the user is told, and
// it reaches the disk once space is freed.
import { mkdirSync, readdirSync, rmSync, truncateSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { writeFileAtomic } from '../../../main/services/atomic-file'
import { scriptedEngine } from '../../helpers/scripted-engine'
import { serviceFixture } from '../../helpers/service-fixture'
import { fillDisk, mountSmallDisk } from '../../helpers/small-disk'

const mounted = mountSmallDisk(512)
const disk = mounted.disk
afterAll(() => disk?.unmount())

function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.endsWith('.tmp'))
}

async function until(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe.skipIf(!disk)(`on a full disk (${mounted.reason ?? 'a 512 KiB tmpfs'})`, () => {
  const root = disk?.dir ?? ''

  it('writeFileAtomic fails with ENOSPC and leaves no temp file behind', async () => {
    const dir = join(root, 'atomic')
    const filler = join(root, 'filler-atomic')
    mkdirSync(dir)
    fillDisk(filler)
    try {
      await expect(
        writeFileAtomic(join(dir, 'big.json'), 'x'.repeat(64 * 1024))
      ).rejects.toMatchObject({ code: 'ENOSPC' })
      expect(leftovers(dir)).toEqual([])
      expect(readdirSync(dir)).toEqual([])
    } finally {
      rmSync(filler)
    }
  })

  it('keeps and shows an answer whose save fails, tells the user, and saves it once space is free', async () => {
    const words = Array.from({ length: 600 }, (_, i) => `word${i}`.padEnd(100, 'x'))
    const engine = scriptedEngine(words, 0)
    const { service, store, log } = await serviceFixture(engine, undefined, {
      root: join(root, 'app'),
      saveRetryMs: 50
    })
    const c = await service.create()
    const filler = join(root, 'filler')
    // Room for the question (a small file) but not for the ~60 KB answer.
    const full = fillDisk(filler)
    truncateSync(filler, full - 16 * 1024)

    const { turnId } = await service.send(c.id, 'a long answer please', [])
    await service.idle(c.id)

    const expected = words.join(' ')
    const onDisk = await store.load(c.id)
    expect(onDisk.turns[0].status).toBe('streaming')
    const shown = await service.get(c.id)
    expect(shown.turns[0]).toMatchObject({ id: turnId, status: 'done', response: expected })
    const notices = log.flatMap((m) => (m.event === 'notice' ? [m.payload] : []))
    expect(notices).toContainEqual({
      level: 'error',
      message: expect.stringMatching(/could not be saved: the disk is full \(ENOSPC\)/)
    })
    const updates = log.flatMap((m) => (m.event === 'conversation.updated' ? [m.payload] : []))
    expect(updates.at(-1)?.conversation.turns[0].response).toBe(expected)
    expect(leftovers(join(root, 'app', 'conversations'))).toEqual([])

    rmSync(filler)
    await until(async () => (await store.load(c.id)).turns[0].status === 'done')
    expect((await store.load(c.id)).turns[0].response).toBe(expected)
    expect(log.flatMap((m) => (m.event === 'notice' ? [m.payload.level] : []))).toContain('info')
  })
})
