// Pure check of who sent an IPC request: only our own window's main frame, loaded from the
// built renderer folder (file:) or from the dev server's origin.
import { fileURLToPath } from 'node:url'
import { normalize, sep } from 'node:path'

export interface RendererOrigin {
  /** Folder of the built renderer (file: URLs must point inside it). */
  readonly rendererDir: string
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
  if (url.protocol === 'file:') {
    const path = normalize(fileURLToPath(url))
    const root = normalize(origin.rendererDir)
    return path.startsWith(root.endsWith(sep) ? root : root + sep)
  }
  if (origin.devUrl) return url.origin === new URL(origin.devUrl).origin
  return false
}
