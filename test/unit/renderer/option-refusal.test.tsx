// One options schema, one refusal, in the renderer: the same out-of-range values as the IPC, CLI
// and :conf test (test/unit/contract/option-refusal.test.ts) typed into the settings form, for
// this conversation and for the defaults, and sent as /conf. Each is refused with the same words,
// at the field (never as an error notice) or for /conf as a notice that keeps the typed text;
// nothing reaches main.
import { cleanup, fireEvent, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { SettingsPanel } from '../../../renderer/src/features/settings/SettingsPanel'
import { createI18n } from '../../../renderer/src/i18n'
import { en } from '../../../renderer/src/i18n/en'
import { createAppStore } from '../../../renderer/src/store/create-store'
import { REFUSAL_CASES } from '../../helpers/option-refusals'
import { conversationFixture, createFakeClient } from './fake-client'
import { renderWithStore } from './render-with-store'

afterEach(cleanup)

const SETTINGS_ROUTES = ['conversation.updateSettings', 'settings.update']

describe.each(REFUSAL_CASES)('$name = $text', ({ key, name, text, message }) => {
  it.each(['This conversation', 'New conversations (defaults)'])(
    'is refused at its field in the settings form (%s), which keeps the value in effect',
    (scope) => {
      const client = createFakeClient()
      const conversation = conversationFixture()
      const store = renderWithStore(<SettingsPanel />, client, {
        prepare: (s) => s.setState({ conversation, activeId: conversation.id })
      })
      const form = screen.getByRole('form', { name: 'Generation settings' })
      fireEvent.click(within(form).getByRole('radio', { name: scope }))
      const field = within(form).getByRole('spinbutton', { name: en.settings[key] })
      const inEffect = String(conversation.settings.options[key])
      fireEvent.change(field, { target: { value: text } })
      expect(within(form).getByRole('alert').textContent).toBe(message)
      expect(field.getAttribute('aria-invalid')).toBe('true')
      fireEvent.blur(field)
      expect((field as HTMLInputElement).value).toBe(inEffect)
      expect(within(form).getByRole('alert').textContent).toBe(message)
      expect(client.calls.filter((c) => SETTINGS_ROUTES.includes(c.route))).toEqual([])
      expect(store.getState().notices).toEqual([])
    }
  )

  it('is refused by /conf, which keeps the text to fix', async () => {
    const client = createFakeClient()
    const i18n = createI18n('en')
    const store = createAppStore(client, (k, values) => i18n.t(k, values))
    store.setState({ conversation: conversationFixture(), activeId: 'c-1' })
    store.getState().setText(`/conf ${name}=${text}`)
    await store.getState().submit()
    expect(store.getState().notices.map((n) => [n.level, n.text])).toEqual([
      ['error', { kind: 'refusal', refusal: expect.objectContaining({ message }) }]
    ])
    expect(store.getState().text).toBe(`/conf ${name}=${text}`)
    expect(client.calls.filter((c) => SETTINGS_ROUTES.includes(c.route))).toEqual([])
  })
})

it('says the same refusal in Chinese, from the same pieces', () => {
  const conversation = conversationFixture()
  renderWithStore(<SettingsPanel />, createFakeClient(), {
    language: 'zh',
    prepare: (s) => s.setState({ conversation, activeId: conversation.id })
  })
  const form = screen.getByRole('form', { name: '生成设置' })
  const field = within(form).getByRole('spinbutton', { name: '束数 (num_beams)' })
  fireEvent.change(field, { target: { value: '11' } })
  expect(within(form).getByRole('alert').textContent).toBe(
    'num_beams 必须是 1 到 10 之间的整数（输入了 11）'
  )
})
