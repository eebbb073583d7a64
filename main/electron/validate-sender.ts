// Pure check of who sent an IPC request: only our own window's main frame, loaded from the app://
// origin that serves the built renderer, or from the dev server's origin.
import { APP_ORIGIN } from './app-protocol'

export interface RendererOrigin {
  /** The dev server URL in `electron-vite dev`, else null. */
  readonly devUrl: string | null
}

export function isTrustedSenderUrl(frameUrl: string, origin: RendererOrigin): boolean {
  let url: URL
  try {
    url = new URL(frameUrl)
  } catch {
    return false
  }
  if (`${url.protocol}//${url.host}` === APP_ORIGIN) return true
  if (origin.devUrl) return url.origin === new URL(origin.devUrl).origin
  return false
}
