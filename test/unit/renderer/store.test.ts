// The store against a fake client: what submit sends, how events become drafts and finished
// turns, per-file errors when adding, and slash commands turned into requests.
import { describe, expect, it, vi } from 'vitest'
import type { Conversation, Turn } from '../../../preload/contract/types'
import { AppError } from '../../../renderer/src/api/app-error'
import { createAppStore } from '../../../renderer/src/store/create-store'
import { DELTA_FLUSH_MS } from '../../../renderer/src/store/delta-coalescer'
import { conversationFixture, createFakeClient, imageInfo } from './fake-client'

const t = (key: string): string => key

function streamingTurn(id: string, query: string): Turn {
  return {
    id,
    query,
    attachmentIds: [],
    response: '',
    status: 'streaming',
    error: null,
    stats: null,
    createdAt: ''
  }
}

function setup(conversation: Conversation = conversationFixture()) {
  const client = createFakeClient()
  let current = conversation
  let cleared: readonly Turn[] = []
  client.answers = {
    'conversation.create': () => current,
    'conversation.get': () => current,
    'conversation.list': () => [],
    'conversation.send': () => {
      current = { ...current, turns: [...current.turns, streamingTurn('t-1', 'q')] }
      return { turnId: 't-1' }
    },
    'conversation.updateSettings': (input) => {
      const { patch } = input as { patch: { options?: object } }
      current = {
        ...current,
        settings: {
          ...current.settings,
          options: { ...current.settings.options, ...patch.options }
        }
      }
      return current
    },
    'conversation.clearHistory': () => {
      cleared = current.turns
      current = { ...current, turns: [] }
      return current
    },
    'conversation.undoClearHistory': () => (current = { ...current, turns: cleared })
  }
  const store = createAppStore(client, t)
  return { client, store }
}

const file = (name: string): File => new File(['x'], name, { type: 'image/jpeg' })
const duplicateOf = (name: string): object => ({
  kind: 'catalogue',
  key: 'files.duplicate',
  values: { name }
})

describe('app store', () => {
  it('adds files one by one, keeping a failed file with its own error', async () => {
    const { client, store } = setup()
    client.files = {
      'a.jpg': imageInfo('a', 'a.jpg'),
      'bad.jpg': new AppError('UNREADABLE_FILE', 'bad.jpg is not a readable image: VipsJpeg', {
        problem: 'truncated'
      })
    }
    await store.getState().addFiles([file('a.jpg'), file('bad.jpg')])
    const pending = store.getState().pending
    expect(pending.map((p) => [p.name, p.status, p.error])).toEqual([
      ['a.jpg', 'ready', null],
      [
        'bad.jpg',
        'error',
        { kind: 'catalogue', key: 'files.problems.truncatedJpeg', values: { name: 'bad.jpg' } }
      ]
    ])
  })

  it('refuses a second copy of a picture at once, so the labels after it do not shift', async () => {
    const { client, store } = setup()
    client.files = {
      'a.jpg': imageInfo('a', 'a.jpg'),
      'a copy.jpg': imageInfo('a', 'a copy.jpg'),
      'b.jpg': imageInfo('b', 'b.jpg')
    }
    await store.getState().addFiles([file('a.jpg'), file('a copy.jpg')])
    await store.getState().addFiles([file('a.jpg'), file('b.jpg')])
    const pending = store.getState().pending
    expect(pending.map((p) => [p.name, p.status, p.error])).toEqual([
      ['a.jpg', 'ready', null],
      ['a copy.jpg', 'error', duplicateOf('a.jpg')],
      ['a.jpg', 'error', duplicateOf('a.jpg')],
      ['b.jpg', 'ready', null]
    ])
    store.getState().setText('Compare them')
    await store.getState().submit()
    const send = client.calls.find((c) => c.route === 'conversation.send')
    expect((send?.input as { attachments: { id: string }[] }).attachments.map((a) => a.id)).toEqual(
      [imageInfo('a', '').id, imageInfo('b', '').id]
    )
  })

  it('keeps one empty conversation instead of piling up new ones', async () => {
    const { client, store } = setup()
    await store.getState().newConversation()
    await store.getState().newConversation()
    expect(client.calls.filter((c) => c.route === 'conversation.create')).toHaveLength(1)
  })

  it('creates a conversation on first send and sends ready attachments in order', async () => {
    const { client, store } = setup()
    client.files = { 'a.jpg': imageInfo('a', 'a.jpg'), 'b.jpg': imageInfo('b', 'b.jpg') }
    await store.getState().addFiles([file('a.jpg'), file('b.jpg')])
    store.getState().setText('Compare Image A and Image B')
    await store.getState().submit()
    const send = client.calls.find((c) => c.route === 'conversation.send')
    expect(send?.input).toEqual({
      id: 'c-1',
      query: 'Compare Image A and Image B',
      attachments: [
        { id: 'a'.repeat(64), frames: null },
        { id: 'b'.repeat(64), frames: null }
      ]
    })
    expect(client.calls.findIndex((c) => c.route === 'conversation.create')).toBeLessThan(
      client.calls.findIndex((c) => c.route === 'conversation.send')
    )
    expect(store.getState().text).toBe('')
    expect(store.getState().pending).toEqual([])
  })

  it('streams deltas into the turn draft, resets it on a host restart, and takes the finished turn', async () => {
    const { client, store } = setup()
    await store.getState().start()
    store.getState().setText('q')
    await store.getState().submit()
    const ids = { conversationId: 'c-1', turnId: 't-1' }
    vi.useFakeTimers()
    try {
      // The first piece shows at once; pieces within one flush interval arrive together.
      client.emit({ event: 'conversation.delta', payload: { ...ids, text: 'Hel' } })
      expect(store.getState().drafts['t-1']).toBe('Hel')
      client.emit({ event: 'conversation.delta', payload: { ...ids, text: 'lo' } })
      client.emit({ event: 'conversation.delta', payload: { ...ids, text: ',' } })
      expect(store.getState().drafts['t-1']).toBe('Hel')
      vi.advanceTimersByTime(DELTA_FLUSH_MS)
      expect(store.getState().drafts['t-1']).toBe('Hello,')
      // A pending piece is applied before a restart clears the draft, never after it.
      client.emit({ event: 'conversation.delta', payload: { ...ids, text: ' stale' } })
    } finally {
      vi.useRealTimers()
    }
    client.emit({ event: 'conversation.restart', payload: ids })
    expect(store.getState().drafts['t-1']).toBe('')
    expect(store.getState().notices.at(-1)).toMatchObject({
      level: 'warning',
      text: { kind: 'catalogue', key: 'chat.restarted' }
    })
    const done = conversationFixture({
      turns: [{ ...streamingTurn('t-1', 'q'), status: 'done', response: 'Hi' }]
    })
    client.emit({ event: 'conversation.updated', payload: { conversation: done } })
    expect(store.getState().conversation?.turns[0].response).toBe('Hi')
    expect(store.getState().drafts).toEqual({})
  })

  it('turns /conf and /clh into settings and clear-history requests', async () => {
    const { client, store } = setup()
    await store.getState().select('c-1')
    store.getState().setText('/conf temperature=0.5 do_sample=true')
    await store.getState().submit()
    expect(client.calls.find((c) => c.route === 'conversation.updateSettings')?.input).toEqual({
      id: 'c-1',
      patch: { options: { temperature: 0.5, doSample: true } }
    })
    expect(store.getState().conversation?.settings.options.temperature).toBe(0.5)
    store.getState().setText('/clh')
    await store.getState().submit()
    expect(store.getState().confirming).toBe('clear-history')
    expect(client.calls.some((c) => c.route === 'conversation.clearHistory')).toBe(false)
    await store.getState().answerConfirm(true)
    expect(client.calls.some((c) => c.route === 'conversation.clearHistory')).toBe(true)
    expect(client.calls.some((c) => c.route === 'conversation.send')).toBe(false)
  })

  it('clears history only after a yes, and offers an Undo that puts the turns back', async () => {
    const turn = { ...streamingTurn('t-0', 'kept?'), status: 'done' as const }
    const { client, store } = setup({ ...conversationFixture(), turns: [turn] })
    await store.getState().select('c-1')
    store.getState().requestClearHistory()
    await store.getState().answerConfirm(false)
    expect(store.getState().confirming).toBe(null)
    expect(client.calls.some((c) => c.route === 'conversation.clearHistory')).toBe(false)
    store.getState().requestClearHistory()
    await store.getState().answerConfirm(true)
    expect(store.getState().conversation?.turns).toEqual([])
    const notice = store.getState().notices.at(-1)
    expect(notice?.text).toEqual({ kind: 'catalogue', key: 'confirm.historyCleared' })
    expect(notice?.action).toEqual({ kind: 'undo-clear', conversationId: 'c-1' })
    await store.getState().undoClearHistory('c-1')
    expect(store.getState().conversation?.turns.map((t) => t.query)).toEqual(['kept?'])
  })

  it('applies /conf typed before any conversation to a new one, and says so only on success', async () => {
    const { client, store } = setup()
    store.getState().setText('/conf max_new_tokens=12')
    await store.getState().submit()
    const routes = client.calls.map((c) => c.route)
    expect(routes.indexOf('conversation.create')).toBeLessThan(
      routes.indexOf('conversation.updateSettings')
    )
    expect(store.getState().conversation?.settings.options.maxNewTokens).toBe(12)
    expect(store.getState().notices.at(-1)).toMatchObject({ level: 'info' })

    delete client.answers['conversation.updateSettings']
    store.getState().setText('/conf top_k=3')
    await store.getState().submit()
    expect(
      store
        .getState()
        .notices.map((n) => n.level)
        .slice(-1)
    ).toEqual(['error'])
  })

  it('shows a failed request as an error notice', async () => {
    const { store } = setup()
    await store.getState().loadDemo()
    expect(store.getState().notices.at(-1)).toMatchObject({
      level: 'error',
      text: {
        kind: 'server-error',
        code: 'UNAVAILABLE',
        message: 'no fake answer for model.loadDemo'
      }
    })
  })
})
