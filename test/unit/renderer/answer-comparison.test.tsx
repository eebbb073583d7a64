// The kept answers of a question side by side: in the order they were written (the shown one in
// its place), each saying how it was decoded, and "Show this one" asking main for that answer.
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import type { GenerationOptions, Turn, TurnStats } from '../../../preload/contract/types'
import { TurnView } from '../../../renderer/src/features/chat/TurnView'
import { turnFixture } from '../../helpers/turn-fixture'
import { conversationFixture, createFakeClient } from './fake-client'
import { renderWithStore } from './render-with-store'

const greedy: GenerationOptions = conversationFixture().settings.options
const stats = (options: GenerationOptions, tokens: number): TurnStats => ({
  msToFirstToken: 100,
  decodeTokensPerSec: 20,
  generatedTokens: tokens,
  promptTokens: 50,
  stopReason: 'stop-token',
  received: [],
  options
})

// Written in this order: greedy, sampled with seed 7, beams 3; the second one is shown.
const turn: Turn = turnFixture({
  response: 'A red car.',
  stats: stats({ ...greedy, doSample: true, temperature: 0.7, topK: 20, topP: 0.9, seed: 7 }, 4),
  answerIndex: 1,
  alternatives: [
    { response: 'A car.', stats: stats(greedy, 3), status: 'done' },
    { response: 'A red car parked.', stats: stats({ ...greedy, numBeams: 3 }, 5), status: 'done' }
  ]
})

function renderTurn() {
  const client = createFakeClient()
  const conversation = conversationFixture({ turns: [turn] })
  client.answers = { 'conversation.selectAnswer': () => conversation }
  renderWithStore(<TurnView turn={turn} attachments={[]} last busy={false} />, client, {
    prepare: (store) => store.setState({ conversation, activeId: conversation.id })
  })
  return client
}

describe('answers side by side', () => {
  afterEach(cleanup)

  it('lists every kept answer in order with how it was decoded, and shows the chosen one', async () => {
    const client = renderTurn()
    expect(screen.queryByRole('list', { name: 'Side by side' })).toBeNull()
    await userEvent.click(screen.getByRole('button', { name: 'Side by side' }))
    const columns = within(screen.getByRole('list', { name: 'Side by side' })).getAllByRole(
      'listitem'
    )
    expect(columns.map((column) => column.querySelector('.markdown')?.textContent)).toEqual([
      'A car.',
      'A red car.',
      'A red car parked.'
    ])
    expect(columns.map((column) => column.querySelector('.answer-decoding')?.textContent)).toEqual([
      'greedy',
      'sampled: temperature 0.7, top-k 20, top-p 0.9, seed 7',
      'beam search ×3'
    ])
    expect(within(columns[1]).queryByRole('button', { name: 'Show this one' })).toBeNull()
    await userEvent.click(within(columns[2]).getByRole('button', { name: 'Show this one' }))
    await waitFor(() =>
      expect(client.calls.at(-1)).toEqual({
        route: 'conversation.selectAnswer',
        input: { id: conversationFixture().id, turnId: turn.id, index: 2 }
      })
    )
  })
})
