// The app:// scheme the window loads the built renderer from, instead of file:// (which would let
// the page address any file on the disk and gives every file the same opaque origin). Only
// app://renderer/<file inside the renderer folder> answers, with the app's CSP; the rest is 404.
import { readFile } from 'node:fs/promises'
import type { Protocol } from 'electron'
import { CONTENT_SECURITY_POLICY } from '../api/content-security-policy'
import { contentTypeOf, rendererFile } from '../serve/static-files'

export const APP_SCHEME = 'app'
export const APP_HOST = 'renderer'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/** Before the app is ready: app:// behaves as a secure, standard origin (fetch, storage). */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }
  ])
}

/** Answers one app:// request from the renderer folder. */
export async function appResponse(rendererDir: string, requestUrl: string): Promise<Response> {
  const notFound = (): Response => new Response('Not found', { status: 404 })
  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    return notFound()
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return notFound()
  const path = rendererFile(rendererDir, url.pathname)
  const body = path === null ? null : await readFile(path).catch(() => null)
  if (path === null || body === null) return notFound()
  return new Response(body, {
    headers: {
      'content-type': contentTypeOf(path),
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff'
    }
  })
}

/** After the app is ready: serves app:// from the renderer folder. */
export function serveAppScheme(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => appResponse(rendererDir, request.url))
}
