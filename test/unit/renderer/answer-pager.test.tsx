// The pager between a question's kept answers: where the shown one sits, and which answer a
// click asks main to show; nothing when there is only one answer.
import { cleanup, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import type { Turn } from '../../../preload/contract/types'
import { turnFixture } from '../../helpers/turn-fixture'
import { AnswerPager } from '../../../renderer/src/features/chat/AnswerPager'
import { conversationFixture, createFakeClient } from './fake-client'
import { renderWithStore } from './render-with-store'

const kept = [
  { response: 'one', stats: null, status: 'stopped' as const },
  { response: 'two', stats: null, status: 'done' as const }
]

const turnWith = (patch: Partial<Turn>): Turn => turnFixture({ response: 'three', ...patch })

function renderPager(turn: Turn) {
  const client = createFakeClient()
  const conversation = conversationFixture({ turns: [turn] })
  client.answers = { 'conversation.selectAnswer': () => conversation }
  renderWithStore(<AnswerPager turn={turn} busy={false} />, client, {
    prepare: (store) => store.setState({ conversation, activeId: conversation.id })
  })
  return client
}

describe('AnswerPager', () => {
  afterEach(cleanup)

  it('shows 3 / 3 for the newest of three answers and asks for the second on ‹', async () => {
    const client = renderPager(turnWith({ alternatives: kept }))
    expect(screen.getByRole('group', { name: 'Answer 3 of 3' }).textContent).toContain('3 / 3')
    expect(screen.getByRole('button', { name: 'Next answer' })).toHaveProperty('disabled', true)
    await userEvent.click(screen.getByRole('button', { name: 'Previous answer' }))
    await waitFor(() =>
      expect(client.calls.at(-1)).toEqual({
        route: 'conversation.selectAnswer',
        input: { id: conversationFixture().id, turnId: 't-1', index: 1 }
      })
    )
  })

  it('places a shown older answer by its index', () => {
    renderPager(turnWith({ alternatives: kept, answerIndex: 0 }))
    expect(screen.getByRole('group', { name: 'Answer 1 of 3' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Previous answer' })).toHaveProperty('disabled', true)
  })

  it('shows nothing for a question with one answer', () => {
    renderPager(turnWith({}))
    expect(screen.queryByRole('group')).toBeNull()
  })
})
