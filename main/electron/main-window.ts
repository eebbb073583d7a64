// The app window: sandboxed, context-isolated renderer without Node, a strict CSP on every
// response, every permission request refused, navigation and new windows denied (links to the
// allowed sites open in the system browser).
import type {
  BrowserWindow as BrowserWindowType,
  BrowserWindowConstructorOptions,
  Session,
  Shell
} from 'electron'
import { CONTENT_SECURITY_POLICY } from '../api/content-security-policy'
import { isAllowedExternalUrl } from './external-links'

export interface WindowDeps {
  readonly BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindowType
  readonly shell: Pick<Shell, 'openExternal'>
  readonly preloadPath: string
}

export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 860,
    minWidth: 720,
    minHeight: 520,
    show: false,
    title: 'MPP Desktop',
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false
    }
  }
}

/** Camera, microphone, notifications, geolocation…: the app needs none, so every one is refused. */
export function denyAllPermissions(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>
): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
}

export function applyContentSecurityPolicy(session: Pick<Session, 'webRequest'>): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY]
      }
    })
  })
}

export function createMainWindow(deps: WindowDeps): BrowserWindowType {
  const window = new deps.BrowserWindow(windowOptions(deps.preloadPath))
  const contents = window.webContents
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void deps.shell.openExternal(url)
    return { action: 'deny' }
  })
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
  window.once('ready-to-show', () => window.show())
  return window
}
