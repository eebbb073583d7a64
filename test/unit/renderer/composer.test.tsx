// The composer and chips as rendered: Enter sends, Shift+Enter does not, labels A and B on the
// chips, the unreadable file's reason on its chip, and Chinese text when the language is zh.
import { cleanup, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../../../renderer/src/api/app-error'
import { Composer } from '../../../renderer/src/features/composer/Composer'
import { conversationFixture, createFakeClient, imageInfo } from './fake-client'
import { renderWithStore } from './render-with-store'
import type { ModelState } from '../../../preload/contract/types'

function renderComposer(language: 'en' | 'zh' = 'en', modelState: ModelState = 'ready') {
  const client = createFakeClient()
  const conversation = conversationFixture()
  client.answers = {
    'conversation.get': () => conversation,
    'conversation.list': () => [],
    'conversation.send': () => ({ turnId: 't-1' })
  }
  const store = renderWithStore(<Composer busy={false} />, client, {
    language,
    prepare: (created) =>
      created.setState({
        conversation,
        activeId: conversation.id,
        model: { ...created.getState().model, state: modelState }
      })
  })
  return { client, store }
}

describe('Composer', () => {
  afterEach(cleanup)

  it('keeps Send off with its reason while the model loads, but runs slash commands', async () => {
    const { client } = renderComposer('en', 'loading')
    const send = screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement
    expect(send.disabled).toBe(true)
    expect(screen.getByRole('status').textContent).toBe(
      'Send waits for the model, which is loading; you can type meanwhile.'
    )
    const box = screen.getByRole('textbox', { name: 'Message' })
    await userEvent.type(box, 'a question{Enter}')
    expect(client.calls.filter((c) => c.route === 'conversation.send')).toHaveLength(0)
    await userEvent.clear(box)
    await userEvent.type(box, '/conf seed=3')
    expect(send.disabled).toBe(false)
  })

  it('sends on Enter but not on Shift+Enter', async () => {
    const { client } = renderComposer()
    const box = screen.getByRole('textbox', { name: 'Message' })
    await userEvent.type(box, 'line one{Shift>}{Enter}{/Shift}line two')
    expect(client.calls.filter((c) => c.route === 'conversation.send')).toHaveLength(0)
    expect((box as HTMLTextAreaElement).value).toBe('line one\nline two')
    await userEvent.type(box, '{Enter}')
    await waitFor(() =>
      expect(client.calls.filter((c) => c.route === 'conversation.send')).toHaveLength(1)
    )
    expect(client.calls.find((c) => c.route === 'conversation.send')?.input).toMatchObject({
      query: 'line one\nline two'
    })
  })

  it('labels picked images A and B and shows why a file was refused', async () => {
    const { client, store } = renderComposer()
    client.files = {
      'cat.jpg': imageInfo('a', 'cat.jpg'),
      'dog.jpg': imageInfo('b', 'dog.jpg'),
      'broken.jpg': new AppError(
        'UNREADABLE_FILE',
        'broken.jpg is not a readable image: premature end'
      )
    }
    await store
      .getState()
      .addFiles(['cat.jpg', 'dog.jpg', 'broken.jpg'].map((n) => new File(['x'], n)))
    const cat = await screen.findByRole('listitem', { name: 'cat.jpg' })
    expect(cat.querySelector('.label-badge')?.textContent).toBe('A')
    expect(
      screen.getByRole('listitem', { name: 'dog.jpg' }).querySelector('.label-badge')?.textContent
    ).toBe('B')
    const broken = screen.getByRole('listitem', { name: 'broken.jpg' })
    expect(broken.querySelector('[role=alert]')?.textContent).toBe(
      'broken.jpg is not a readable image: premature end'
    )
    await userEvent.click(screen.getByRole('button', { name: 'Remove broken.jpg' }))
    expect(screen.queryByRole('listitem', { name: 'broken.jpg' })).toBeNull()
    // Two ready images, 32 image tokens each; the refused file costs nothing.
    expect(screen.getByText('The model will see 2 images: 64 image tokens')).toBeTruthy()
  })

  it('speaks Chinese when the language is zh', () => {
    renderComposer('zh')
    expect(screen.getByRole('textbox', { name: '消息' })).toBeTruthy()
    expect(screen.getByRole('button', { name: '发送' })).toBeTruthy()
  })
})
