// The comparison panel's swipe layout: two images in one box, the second clipped left of a
// divider the slider moves, and either side switchable to another image of the conversation.
import { cleanup, fireEvent, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, expect, it } from 'vitest'
import type { ConversationAttachment } from '../../../preload/contract/types'
import { ComparisonView } from '../../../renderer/src/features/compare/ComparisonView'
import { conversationFixture, createFakeClient } from './fake-client'
import { renderWithStore } from './render-with-store'

afterEach(cleanup)

const image = (label: string, fill: string): ConversationAttachment => ({
  id: fill.repeat(64),
  label,
  name: `${label.toLowerCase()}.jpg`,
  kind: 'image',
  frames: null
})

it('overlays two images under a divider that the slider moves', async () => {
  const attachments = [image('A', 'a'), image('B', 'b'), image('C', 'c')]
  const previews = Object.fromEntries(
    attachments.map((a) => [a.id, `data:image/png;base64,${a.label}`])
  )
  const conversation = conversationFixture({ attachments })
  renderWithStore(<ComparisonView />, createFakeClient(), {
    prepare: (store) => store.setState({ conversation, activeId: conversation.id, previews })
  })
  await userEvent.click(screen.getByRole('button', { name: 'Swipe' }))
  const top = screen.getByRole('img', { name: 'Image B' })
  expect(screen.getByRole('img', { name: 'Image A' }).getAttribute('src')).toBe(
    previews[attachments[0].id]
  )
  expect(top.style.clipPath).toBe('inset(0 0 0 50%)')
  fireEvent.change(screen.getByRole('slider', { name: 'Divider position' }), {
    target: { value: '30' }
  })
  expect(top.style.clipPath).toBe('inset(0 0 0 30%)')
  await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Right:' }), 'C: c.jpg')
  expect(screen.getByRole('img', { name: 'Image C' }).getAttribute('src')).toBe(
    previews[attachments[2].id]
  )
  await userEvent.click(screen.getByRole('button', { name: 'Grid' }))
  expect(screen.queryByRole('slider')).toBeNull()
})
