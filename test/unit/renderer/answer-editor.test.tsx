// Editing an answer by hand: the form starts from the answer, saving sends the new text to main,
// and an edited answer says so.
import { cleanup, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, expect, it } from 'vitest'
import type { Turn } from '../../../preload/contract/types'
import { TurnView } from '../../../renderer/src/features/chat/TurnView'
import { turnFixture } from '../../helpers/turn-fixture'
import { conversationFixture, createFakeClient } from './fake-client'
import { renderWithStore } from './render-with-store'

afterEach(cleanup)

function renderTurn(turn: Turn) {
  const conversation = conversationFixture({ turns: [turn] })
  const client = createFakeClient()
  client.answers = {
    'conversation.editAnswer': (input) => {
      const { response } = input as { response: string }
      return conversationFixture({ turns: [{ ...turn, response, edited: true }] })
    }
  }
  renderWithStore(<TurnView turn={turn} attachments={[]} last busy={false} />, client, {
    prepare: (store) => store.setState({ conversation, activeId: conversation.id })
  })
  return client
}

it('sends the edited text of a finished answer to main', async () => {
  const client = renderTurn(turnFixture({ id: 't-3', response: 'A cat.' }))
  await userEvent.click(screen.getByRole('button', { name: 'Edit answer' }))
  const box = screen.getByRole('textbox', { name: 'Edit answer' })
  expect((box as HTMLTextAreaElement).value).toBe('A cat.')
  await userEvent.clear(box)
  await userEvent.type(box, 'A tabby cat.')
  await userEvent.click(screen.getByRole('button', { name: 'Save answer' }))
  await waitFor(() =>
    expect(client.calls.at(-1)).toEqual({
      route: 'conversation.editAnswer',
      input: { id: conversationFixture().id, turnId: 't-3', response: 'A tabby cat.' }
    })
  )
  expect(screen.queryByRole('textbox', { name: 'Edit answer' })).toBeNull()
})

it('marks an edited answer and offers no edit while an answer streams', () => {
  renderTurn(turnFixture({ response: 'Mine.', edited: true }))
  expect(screen.getByText('Edited by hand: the next questions build on this text.')).toBeTruthy()
  cleanup()
  renderTurn(turnFixture({ response: 'Half', status: 'streaming' }))
  expect(screen.queryByRole('button', { name: 'Edit answer' })).toBeNull()
})
