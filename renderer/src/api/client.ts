// The typed client the store calls: one interface with an Electron implementation (window.api)
// and a web one (`mpp serve`: HTTP + WebSocket). Unwraps envelopes into values or AppError.
import type { PathKind } from '../../../preload/contract'
import type { Envelope } from '../../../preload/contract/errors'
import type { EventMessage } from '../../../preload/contract/events'
import type { RouteInput, RouteName, RouteOutput } from '../../../preload/contract/routes'
import type { AttachmentInfo, Conversation } from '../../../preload/contract/types'
import { AppError } from './app-error'

export interface ApiClient {
  request<R extends RouteName>(route: R, input: RouteInput<R>): Promise<RouteOutput<R>>
  onEvent(listener: (message: EventMessage) => void): () => void
  /** Copies one file into the app's store; rejects with AppError (e.g. UNREADABLE_FILE). */
  addFile(file: File): Promise<AttachmentInfo>
  /** Imports a conversation export the user picked (its zip, or its conversation.json). */
  importConversation(file: File): Promise<Conversation>
  /**
   * Where the browser can download an export as a zip (web mode), or null where the export is
   * on this machine's disk and main can show it in the file manager (the desktop app).
   */
  exportDownloadUrl(name: string): string | null
  /**
   * Whether the engine may read paths the user types (the seed's files to convert): always in the
   * desktop app; in web mode only under `mpp serve --allow-paths`.
   */
  pathsAllowed(): Promise<boolean>
  /** A native picker for a file or folder (the desktop app), or null where there is none. */
  readonly pickPath: ((kind: PathKind) => Promise<string | null>) | null
}

export function unwrap<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.value
  throw new AppError(envelope.error.code, envelope.error.message, envelope.error.file)
}
