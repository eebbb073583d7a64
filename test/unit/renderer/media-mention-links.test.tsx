// Mentions of media in a rendered answer: they become buttons (never inside code), pointing at
// one highlights that image's thumbnail, and pressing one brings the thumbnail into view.
import { cleanup, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ConversationAttachment } from '../../../preload/contract/types'
import { TurnView } from '../../../renderer/src/features/chat/TurnView'
import { turnFixture } from '../../helpers/turn-fixture'
import { conversationFixture, createFakeClient } from './fake-client'
import { renderWithStore } from './render-with-store'

const attachments: ConversationAttachment[] = [
  { id: 'a'.repeat(64), label: 'A', name: 'cat.jpg', kind: 'image', frames: null },
  { id: 'b'.repeat(64), label: 'B', name: 'dog.png', kind: 'image', frames: null }
]

function renderAnswer(response: string): void {
  const turn = turnFixture({ response, attachmentIds: attachments.map((a) => a.id) })
  const conversation = conversationFixture({ attachments, turns: [turn] })
  renderWithStore(
    <TurnView turn={turn} attachments={attachments} last={false} busy={false} />,
    createFakeClient(),
    { prepare: (store) => store.setState({ conversation, activeId: conversation.id }) }
  )
}

function thumbnail(label: string): HTMLElement {
  const figure = document.querySelector<HTMLElement>(`figure[data-media-label="${label}"]`)
  if (!figure) throw new Error(`no thumbnail for ${label}`)
  return figure
}

describe('media mentions in an answer', () => {
  afterEach(cleanup)

  it('turns "image B" and "the first image" into buttons, but not code', () => {
    renderAnswer('Image B is a dog, unlike **the first image**. `image A` stays code.')
    const mentions = screen
      .getAllByRole('button', { name: /image/i })
      .filter((button) => button.classList.contains('media-mention'))
    expect(mentions.map((b) => b.textContent)).toEqual(['Image B', 'the first image'])
    expect(screen.getByRole('button', { name: 'Image B' }).title).toBe('Show B: dog.png')
    expect(screen.getByText('image A').tagName).toBe('CODE')
  })

  it('highlights the thumbnail while pointed at and scrolls to it when pressed', async () => {
    renderAnswer('Image B is a dog.')
    const scroll = vi.fn()
    thumbnail('B').scrollIntoView = scroll
    const mention = screen.getByRole('button', { name: 'Image B' })
    await userEvent.hover(mention)
    expect(thumbnail('B').className).toContain('highlighted')
    expect(thumbnail('A').className).not.toContain('highlighted')
    await userEvent.unhover(mention)
    expect(thumbnail('B').className).not.toContain('highlighted')
    await userEvent.click(mention)
    expect(scroll).toHaveBeenCalledTimes(1)
  })
})
