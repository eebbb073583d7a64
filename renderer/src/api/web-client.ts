// ApiClient for `mpp serve`: POST /api/<route> with the token header, uploads (media, conversation
// imports) as raw bodies with the file name in a header, events over a WebSocket that
// reconnects. The token comes from the printed URL (?token=…), is kept in sessionStorage and
// removed from the address bar.
import type { Envelope } from '../../../preload/contract/errors'
import type { EventMessage } from '../../../preload/contract/events'
import type { AttachmentInfo, Conversation, WebCapabilities } from '../../../preload/contract/types'
import { AppError } from './app-error'
import { unwrap, type ApiClient } from './client'

const TOKEN_KEY = 'mpp-token'

export function takeToken(location: Location, storage: Storage, history: History): string {
  const url = new URL(location.href)
  const fromUrl = url.searchParams.get('token')
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl)
    url.searchParams.delete('token')
    history.replaceState(null, '', url.pathname + url.search + url.hash)
  }
  return fromUrl ?? storage.getItem(TOKEN_KEY) ?? ''
}

async function readEnvelope<T>(response: Response): Promise<T> {
  const body = (await response.json().catch(() => null)) as Envelope<T> | null
  if (!body) throw new AppError('INTERNAL', `The server answered ${response.status}`)
  return unwrap(body)
}

export function createWebClient(origin: string, token: string): ApiClient {
  const listeners = new Set<(message: EventMessage) => void>()
  let socket: WebSocket | null = null
  const connect = (): void => {
    socket = new WebSocket(
      `${origin.replace(/^http/, 'ws')}/api/events?token=${encodeURIComponent(token)}`
    )
    socket.onmessage = (event) => {
      const message = JSON.parse(String(event.data)) as EventMessage
      for (const listener of listeners) listener(message)
    }
    socket.onclose = () => {
      socket = null
      if (listeners.size > 0) setTimeout(connect, 1000)
    }
  }
  const upload = (endpoint: 'upload' | 'import', file: File): Promise<Response> =>
    fetch(`${origin}/api/${endpoint}`, {
      method: 'POST',
      headers: { 'x-mpp-token': token, 'x-mpp-filename': encodeURIComponent(file.name) },
      body: file
    })
  return {
    request: async (route, input) => {
      const response = await fetch(`${origin}/api/${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-mpp-token': token },
        body: JSON.stringify(input)
      })
      return readEnvelope(response)
    },
    onEvent: (listener) => {
      listeners.add(listener)
      if (!socket) connect()
      return () => listeners.delete(listener)
    },
    addFile: async (file) => readEnvelope<AttachmentInfo>(await upload('upload', file)),
    importConversation: async (file) => readEnvelope<Conversation>(await upload('import', file)),
    // The page's token cookie authorises the download, so a plain link works.
    exportDownloadUrl: (name) => `${origin}/exports/${encodeURIComponent(name)}.zip`,
    pathsAllowed: async () => {
      const response = await fetch(`${origin}/api/capabilities`, {
        method: 'POST',
        headers: { 'x-mpp-token': token }
      })
      return (await readEnvelope<WebCapabilities>(response)).allowPaths
    },
    // A browser's file inputs give the page a file's bytes, never its place on the server's disk.
    pickPath: null
  }
}
