// Pinning from the conversation list: the pin button says whether the row is pinned and asks
// main to flip it, then the list is read again.
import { cleanup, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, expect, it } from 'vitest'
import type { ConversationSummary } from '../../../preload/contract/types'
import { Sidebar } from '../../../renderer/src/features/sidebar/Sidebar'
import { conversationFixture, createFakeClient } from './fake-client'
import { renderWithStore } from './render-with-store'

afterEach(cleanup)

const summary = (id: string, title: string, pinned: boolean): ConversationSummary => ({
  id,
  title,
  updatedAt: '2026-01-01T00:00:00.000Z',
  turnCount: 1,
  attachmentCount: 0,
  pinned
})

it('pins an unpinned conversation and shows the pinned one as pressed', async () => {
  const client = createFakeClient()
  let listed = [summary('c-1', 'Cats', false), summary('c-2', 'Dogs', true)]
  client.answers = {
    'conversation.setPinned': () => {
      listed = [summary('c-1', 'Cats', true), summary('c-2', 'Dogs', true)]
      return conversationFixture({ pinned: true })
    },
    'conversation.list': () => listed
  }
  renderWithStore(<Sidebar />, client, {
    prepare: (store) => store.setState({ summaries: listed })
  })
  expect(
    screen.getByRole('button', { name: 'Pin to the top: Dogs' }).getAttribute('aria-pressed')
  ).toBe('true')
  const cats = screen.getByRole('button', { name: 'Pin to the top: Cats' })
  expect(cats.getAttribute('aria-pressed')).toBe('false')
  await userEvent.click(cats)
  await waitFor(() =>
    expect(
      screen.getByRole('button', { name: 'Pin to the top: Cats' }).getAttribute('aria-pressed')
    ).toBe('true')
  )
  expect(client.calls[0]).toEqual({
    route: 'conversation.setPinned',
    input: { id: 'c-1', pinned: true }
  })
})
