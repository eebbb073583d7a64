// The single ipcMain.handle for requests (sender check first, then the shared router) and the
// forwarding of bus events to the window. Handlers never see the raw IPC event.
import type { WebContents } from 'electron'
import { IPC_CHANNELS } from '../../preload/contract/channels'
import type { Envelope } from '../../preload/contract/errors'
import type { EventBus } from '../services/event-bus'
import type { Router } from '../api/router'
import { isTrustedSenderUrl, type RendererOrigin } from './validate-sender'

/** What the handler reads of an invoke event: the frame that sent it. */
interface InvokeSender {
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null
}

/** The part of Electron's ipcMain used here. */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: InvokeSender, ...args: unknown[]) => Promise<Envelope<unknown>>
  ): void
  removeHandler(channel: string): void
}

export function registerIpc(
  ipcMain: IpcMainLike,
  router: Router,
  origin: RendererOrigin
): () => void {
  ipcMain.handle(
    IPC_CHANNELS.request,
    async (event: InvokeSender, route: unknown, input: unknown): Promise<Envelope<unknown>> => {
      const frameUrl = event.senderFrame?.url ?? ''
      if (!isTrustedSenderUrl(frameUrl, origin) || event.senderFrame?.parent) {
        return { ok: false, error: { code: 'FORBIDDEN', message: 'Request from an unknown page' } }
      }
      if (typeof route !== 'string') {
        return { ok: false, error: { code: 'UNKNOWN_ROUTE', message: 'Route must be a name' } }
      }
      return router.dispatch(route, input)
    }
  )
  return () => ipcMain.removeHandler(IPC_CHANNELS.request)
}

/** Sends every bus event to the window while it lives; returns the unsubscribe. */
export function forwardEvents(
  events: EventBus,
  contents: Pick<WebContents, 'send' | 'isDestroyed'>
): () => void {
  return events.subscribe((message) => {
    if (!contents.isDestroyed()) contents.send(IPC_CHANNELS.event, message)
  })
}
