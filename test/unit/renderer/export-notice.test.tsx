// After an export the notice stays and offers the next step: in web mode a download link to the
// zip, in the desktop app a button that asks main to show the export in the file manager.
import { cleanup, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import { Notices } from '../../../renderer/src/features/layout/Notices'
import { conversationFixture, createFakeClient } from './fake-client'
import { renderWithStore } from './render-with-store'

const NAME = 'trip-2026-11-28T10-00-00'

function renderNotices(web: boolean) {
  const client = createFakeClient()
  if (!web) client.exportDownloadUrl = () => null
  const conversation = conversationFixture()
  client.answers = {
    'conversation.export': () => ({
      name: NAME,
      path: `/data/exports/${NAME}/conversation.md`,
      files: []
    }),
    'conversation.revealExport': () => null
  }
  const store = renderWithStore(<Notices />, client, {
    prepare: (created) => created.setState({ conversation, activeId: conversation.id })
  })
  return { client, store }
}

describe('export notice', () => {
  afterEach(cleanup)

  it('links to the zip download in web mode', async () => {
    const { store } = renderNotices(true)
    await store.getState().exportConversation('markdown')
    const link = await screen.findByRole('link', { name: 'Download as .zip' })
    expect(link.getAttribute('href')).toBe(`http://fake.test/exports/${NAME}.zip`)
    expect(link.hasAttribute('download')).toBe(true)
    expect(screen.getByText(`Exported to /data/exports/${NAME}/conversation.md`)).toBeTruthy()
  })

  it('asks main to show the export in the file manager in the desktop app', async () => {
    const { client, store } = renderNotices(false)
    await store.getState().exportConversation('instruction-json')
    await userEvent.click(await screen.findByRole('button', { name: 'Show in folder' }))
    await waitFor(() =>
      expect(client.calls.at(-1)).toEqual({
        route: 'conversation.revealExport',
        input: { name: NAME }
      })
    )
    expect(screen.queryByRole('link')).toBeNull()
  })
})
