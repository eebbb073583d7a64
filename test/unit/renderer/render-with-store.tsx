// Renders a component the way the app does: inside the i18n provider and the store context, over
// a store built on the given (fake) client.
import { render } from '@testing-library/react'
import { I18nextProvider } from 'react-i18next'
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
