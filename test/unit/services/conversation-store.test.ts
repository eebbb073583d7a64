// Conversation files: round trip, atomic replacement, and a damaged file set aside without
// costing the other conversations.
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConversationStore } from '../../../main/services/conversation-store'
import type { Conversation } from '../../../preload/contract/types'

function sample(id: string, updatedAt: string): Conversation {
  return {
    id,
    title: `Title ${id}`,
    createdAt: updatedAt,
    updatedAt,
    settings: {
      system: 'You are a helpful assistant.',
      options: {
        doSample: false,
        temperature: 1,
        topK: 50,
        topP: 1,
        repetitionPenalty: 1,
        numBeams: 1,
        maxNewTokens: 512,
        seed: 42
      }
    },
    attachments: [],
    carriedAttachmentIds: [],
    turns: [
      {
        id: 't1',
        query: '你好 and hello',
        attachmentIds: [],
        response: 'Hi',
        status: 'done',
        error: null,
        stats: null,
        createdAt: updatedAt
      }
    ]
  }
}

describe('ConversationStore', () => {
  it('writes one versioned JSON file per conversation and reads it back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conv-'))
    const store = new ConversationStore({ dir })
    await store.save(sample('a1', '2026-01-01T00:00:00.000Z'))
    const raw = JSON.parse(await readFile(join(dir, 'a1.json'), 'utf8'))
    expect(raw.version).toBe(3)
    expect(raw.turns[0].query).toBe('你好 and hello')
    expect(await store.load('a1')).toEqual(sample('a1', '2026-01-01T00:00:00.000Z'))
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('reads a version 1 file (no receipts) and writes it back as version 3', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conv-'))
    const v1 = {
      ...sample('v1', '2026-01-01T00:00:00.000Z'),
      version: 1,
      turns: [
        {
          ...sample('v1', '2026-01-01T00:00:00.000Z').turns[0],
          stats: {
            msToFirstToken: 12,
            decodeTokensPerSec: 30,
            generatedTokens: 2,
            promptTokens: 40,
            stopReason: 'stop-token'
          }
        }
      ]
    }
    await writeFile(join(dir, 'v1.json'), JSON.stringify(v1))
    const store = new ConversationStore({ dir })
    const loaded = await store.load('v1')
    expect(loaded.turns[0].stats).toEqual({ ...v1.turns[0].stats, received: [] })
    await store.save(loaded)
    expect(JSON.parse(await readFile(join(dir, 'v1.json'), 'utf8')).version).toBe(3)
  })

  it('reads a version 2 file with kept answers as it is, and refuses "edited" there', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conv-'))
    const turn = {
      ...sample('v2', '2026-01-01T00:00:00.000Z').turns[0],
      alternatives: [{ response: 'older', stats: null, status: 'done' }],
      answerIndex: 1
    }
    const v2 = { ...sample('v2', '2026-01-01T00:00:00.000Z'), version: 2, turns: [turn] }
    await writeFile(join(dir, 'v2.json'), JSON.stringify(v2))
    const store = new ConversationStore({ dir })
    const loaded = await store.load('v2')
    expect(loaded.turns[0].alternatives).toEqual(turn.alternatives)
    expect(loaded.turns[0].edited).toBeUndefined()
    // "edited" came with version 3: in a file that says version 2 it is not a known field.
    const wrong = { ...v2, id: 'v2x', turns: [{ ...turn, edited: true }] }
    await writeFile(join(dir, 'v2x.json'), JSON.stringify(wrong))
    await expect(store.load('v2x')).rejects.toThrow('damaged and set aside')
  })

  it('lists what is on disk now: a file changed or removed by anyone shows up changed or gone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conv-'))
    const store = new ConversationStore({ dir })
    await store.save(sample('a', '2026-01-01T00:00:00.000Z'))
    await store.save(sample('b', '2026-01-02T00:00:00.000Z'))
    expect((await store.list()).map((c) => c.title)).toEqual(['Title b', 'Title a'])
    // Another writer (an older window, a sync tool) replaces a: the next list reads it again.
    const other = new ConversationStore({ dir })
    await other.save({ ...sample('a', '2026-01-03T00:00:00.000Z'), title: 'Renamed elsewhere' })
    expect((await store.list()).map((c) => c.title)).toEqual(['Renamed elsewhere', 'Title b'])
    await other.remove('b')
    expect((await store.list()).map((c) => c.id)).toEqual(['a'])
  })

  it('lists newest first and sets a damaged file aside with a notice, keeping the others', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conv-'))
    const notices: string[] = []
    const store = new ConversationStore({ dir, onDamaged: (file) => notices.push(file) })
    await store.save(sample('old', '2026-01-01T00:00:00.000Z'))
    await store.save(sample('new', '2026-02-01T00:00:00.000Z'))
    await writeFile(join(dir, 'broken.json'), '{"version": 1, "id": "broken", "tur')
    await writeFile(join(dir, 'wrong.json'), JSON.stringify({ version: 99, id: 'wrong' }))

    const listed = await store.list()
    expect(listed.map((c) => c.id)).toEqual(['new', 'old'])
    expect(notices.map((path) => path.split('/').pop()).sort()).toEqual([
      'broken.json',
      'wrong.json'
    ])
    const names = await readdir(dir)
    expect(names.some((name) => /^broken\.json\.damaged-/.test(name))).toBe(true)
    expect(names).not.toContain('broken.json')
    await expect(store.load('broken')).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('refuses ids that could escape the folder', async () => {
    const store = new ConversationStore({ dir: await mkdtemp(join(tmpdir(), 'conv-')) })
    await expect(store.load('../etc/passwd')).rejects.toMatchObject({ code: 'BAD_INPUT' })
  })
})
