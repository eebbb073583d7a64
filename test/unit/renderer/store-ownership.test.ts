// Who writes what in the store: a quick second select wins over a slower first one, a slice
// cannot write another slice's state, useActions hands out actions only, and the composer's
// slash commands: an unknown one is said to be unknown and sent nowhere, and a failing one keeps
// the typed text.
import { renderHook } from '@testing-library/react'
import { createElement, type ReactNode } from 'react'
import { describe, expect, it } from 'vitest'
import { createStore } from 'zustand/vanilla'
import type { Conversation } from '../../../preload/contract/types'
import { actionsOf, createAppStore, ownSlice } from '../../../renderer/src/store/create-store'
import type { AppState, SliceDeps } from '../../../renderer/src/store/types'
import { StoreContext, useActions } from '../../../renderer/src/store/use-app-store'
import { conversationFixture, createFakeClient } from './fake-client'

const t = (key: string, values?: Record<string, unknown>): string =>
  values ? `${key} ${JSON.stringify(values)}` : key

describe('opening conversations', () => {
  it('shows the conversation selected last even when the first load resolves after it', async () => {
    const client = createFakeClient()
    const loads = new Map<string, (c: Conversation) => void>()
    client.answers['conversation.get'] = (input) =>
      new Promise<Conversation>((resolve) => loads.set((input as { id: string }).id, resolve))
    const store = createAppStore(client, t)
    const first = store.getState().select('c-a')
    const second = store.getState().select('c-b')
    loads.get('c-b')?.(conversationFixture({ id: 'c-b', title: 'B' }))
    await second
    loads.get('c-a')?.(conversationFixture({ id: 'c-a', title: 'A' }))
    await first
    expect(store.getState().activeId).toBe('c-b')
    expect(store.getState().conversation?.title).toBe('B')
  })
})

describe('slice ownership', () => {
  it('refuses a write to a key the slice does not declare', () => {
    const deps: SliceDeps = { client: createFakeClient(), t }
    const store = createStore<AppState>()(
      (set, get) =>
        ({
          ...ownSlice('own', set, get, deps, () => ({ text: '' })),
          ...ownSlice('other', set, get, deps, (setOther) => ({
            panel: 'none',
            poke: () => setOther({ text: 'x' } as never)
          }))
        }) as unknown as AppState
    )
    const poke = (store.getState() as unknown as { poke: () => void }).poke
    expect(poke).toThrow('the other slice may not write "text"')
    expect(store.getState().text).toBe('')
  })

  it('useActions returns the same actions object, with no state in it, after state changes', () => {
    const store = createAppStore(createFakeClient(), t)
    const wrapper = ({ children }: { children: ReactNode }): ReactNode =>
      createElement(StoreContext.Provider, { value: store }, children)
    const { result, rerender } = renderHook(() => useActions(), { wrapper })
    const before = result.current
    store.getState().setText('changed')
    rerender()
    expect(result.current).toBe(before)
    expect(before).toBe(actionsOf(store))
    const kinds = new Set(Object.values(before).map((value) => typeof value))
    expect([...kinds]).toEqual(['function'])
    expect('text' in before || 'conversation' in before || 'notices' in before).toBe(false)
    expect(typeof before.submit).toBe('function')
  })
})

describe('slash commands in the composer', () => {
  it('says an unknown command is unknown, sends nothing and keeps the text', async () => {
    const client = createFakeClient()
    const store = createAppStore(client, t)
    store.getState().setText('/nosuchcommand tell me')
    await store.getState().submit()
    expect(client.calls).toEqual([])
    expect(store.getState().text).toBe('/nosuchcommand tell me')
    expect(store.getState().notices.map((n) => [n.level, n.text])).toEqual([
      ['error', { kind: 'catalogue', key: 'commands.unknown', values: { name: '/nosuchcommand' } }]
    ])
  })

  it('sends //text as the question /text', async () => {
    const client = createFakeClient()
    const conversation = conversationFixture()
    client.answers['conversation.send'] = () => ({ turnId: 't-1' })
    client.answers['conversation.get'] = () => conversation
    client.answers['conversation.list'] = () => []
    const store = createAppStore(client, t)
    store.setState({ conversation, activeId: conversation.id })
    store.getState().setText('//etc is a folder?')
    await store.getState().submit()
    expect(client.calls.find((c) => c.route === 'conversation.send')?.input).toMatchObject({
      query: '/etc is a folder?'
    })
  })

  it('keeps a /conf whose change main refused, and clears one that was applied', async () => {
    const client = createFakeClient()
    const conversation = conversationFixture()
    const store = createAppStore(client, t)
    store.setState({ conversation, activeId: conversation.id })
    store.getState().setText('/conf top_k=3')
    await store.getState().submit()
    expect(store.getState().text).toBe('/conf top_k=3')
    expect(store.getState().notices.at(-1)?.level).toBe('error')
    client.answers['conversation.updateSettings'] = () => conversation
    await store.getState().submit()
    expect(store.getState().text).toBe('')
  })
})
