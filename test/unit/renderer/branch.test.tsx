// "Branch from here" on a question: asks main for a branch of the open conversation at that
// question, titled in the UI's language, then opens it and says the original is unchanged; and
// the edit form's warning that resending drops the later questions.
import { cleanup, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, expect, it } from 'vitest'
import { TurnView } from '../../../renderer/src/features/chat/TurnView'
import { turnFixture } from '../../helpers/turn-fixture'
import { conversationFixture, createFakeClient } from './fake-client'
import { renderWithStore } from './render-with-store'

afterEach(cleanup)

it('requests a branch at the question and opens it', async () => {
  const turn = turnFixture({ id: 't-7', query: 'What breed?' })
  const conversation = conversationFixture({ title: 'Dogs', turns: [turn] })
  const branched = conversationFixture({ id: 'c-2', title: 'Dogs (branch)', turns: [turn] })
  const client = createFakeClient()
  client.answers = {
    'conversation.branch': () => branched,
    'conversation.list': () => []
  }
  const store = renderWithStore(
    <TurnView turn={turn} attachments={[]} last busy={false} />,
    client,
    { prepare: (s) => s.setState({ conversation, activeId: conversation.id }) }
  )
  await userEvent.click(screen.getByRole('button', { name: 'Branch from here' }))
  await waitFor(() => expect(store.getState().activeId).toBe('c-2'))
  expect(client.calls[0]).toEqual({
    route: 'conversation.branch',
    input: { id: conversation.id, turnId: 't-7', title: 'Dogs (branch)' }
  })
  // Kept as the catalogue's key, translated when shown (notices.test.tsx).
  expect(store.getState().notices.map((n) => n.text)).toContainEqual({
    kind: 'catalogue',
    key: 'chat.branched'
  })
})

it('editing an earlier question says how many later questions resending removes', async () => {
  const turn = turnFixture({ id: 't-1', query: 'First?' })
  const conversation = conversationFixture({ turns: [turn] })
  renderWithStore(
    <TurnView turn={turn} attachments={[]} last={false} later={2} busy={false} />,
    createFakeClient(),
    { prepare: (s) => s.setState({ conversation, activeId: conversation.id }) }
  )
  await userEvent.click(screen.getByRole('button', { name: 'Edit question' }))
  expect(screen.getByRole('note').textContent).toBe(
    'Sending this removes the 2 questions after it and their answers; “Branch from here” keeps them.'
  )
})
