// React root: picks the bridge (Electron's window.api, else the `mpp serve` web bridge), builds
// the store and i18n, starts them, and renders the app.
import { createRoot } from 'react-dom/client'
import { I18nextProvider } from 'react-i18next'
import type { BridgeApi } from '../../preload/contract'
import type { ApiClient } from './api/client'
import { createElectronClient } from './api/electron-client'
import { createWebClient, takeToken } from './api/web-client'
import { createI18n } from './i18n'
import { App } from './features/layout/App'
import { createAppStore } from './store/create-store'
import { StoreContext } from './store/use-app-store'
import './styles/app.css'
import './styles/content.css'
import './styles/shell.css'
import './styles/panels.css'

declare global {
  interface Window {
    api?: BridgeApi
  }
}

function pickClient(): ApiClient {
  if (window.api) return createElectronClient(window.api)
  return createWebClient(
    window.location.origin,
    takeToken(window.location, sessionStorage, history)
  )
}

const i18n = createI18n(navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en')
const store = createAppStore(pickClient(), (key, values) => i18n.t(key, values))
void store.getState().start()

const container = document.getElementById('root')
if (container) {
  createRoot(container).render(
    <I18nextProvider i18n={i18n}>
      <StoreContext.Provider value={store}>
        <App />
      </StoreContext.Provider>
    </I18nextProvider>
  )
}
