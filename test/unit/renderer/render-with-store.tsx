// Renders a component the way the app does: inside the i18n provider and the store context, over
// a store built on the given (fake) client.
import { act, render } from '@testing-library/react'
import type { i18n as I18n } from 'i18next'
import { I18nextProvider, useTranslation } from 'react-i18next'
import type { ApiClient } from '../../../renderer/src/api/client'
import { createI18n } from '../../../renderer/src/i18n'
import { createAppStore, type AppStore } from '../../../renderer/src/store/create-store'
import { StoreContext } from '../../../renderer/src/store/use-app-store'

export function renderWithStore(
  element: React.JSX.Element,
  client: ApiClient,
  options: { language?: 'en' | 'zh'; prepare?: (store: AppStore) => void } = {}
): AppStore {
  const i18n = createI18n(options.language ?? 'en')
  const store = createAppStore(client, (key, values) => i18n.t(key, values))
  options.prepare?.(store)
  render(
    <I18nextProvider i18n={i18n}>
      <StoreContext.Provider value={store}>{element}</StoreContext.Provider>
    </I18nextProvider>
  )
  return store
}

/**
 * renderWithStore, plus a switch of language done the way App does it when the store's language
 * changes (App.tsx): the store's setting, then i18next's.
 */
export function renderWithLanguageSwitch(
  element: React.JSX.Element,
  client: ApiClient
): { store: AppStore; switchTo(language: 'en' | 'zh'): Promise<void> } {
  let i18n: I18n | null = null
  const Capture = (): null => {
    i18n = useTranslation().i18n
    return null
  }
  const store = renderWithStore(
    <>
      <Capture />
      {element}
    </>,
    client
  )
  return {
    store,
    switchTo: async (language) => {
      await act(async () => {
        store.setState({ language })
        await i18n?.changeLanguage(language)
      })
    }
  }
}
