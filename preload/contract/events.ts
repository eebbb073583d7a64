// Main -> renderer events: names and payload types only (main is trusted; the renderer does not
// parse them). Deltas carry the conversation and turn they belong to.
import type { ApiServerStatus, Conversation, ModelStatus } from './types'

export interface EventPayloads {
  /** A piece of answer text for a streaming turn. */
  'conversation.delta': { conversationId: string; turnId: string; text: string }
  /** The host died mid-answer and is replaying the turn: drop the partial text. */
  'conversation.restart': { conversationId: string; turnId: string }
  /** A conversation changed on disk (turn finished, stopped, failed, settings). */
  'conversation.updated': { conversation: Conversation }
  'model.status': { status: ModelStatus }
  'model.progress': { phase: string; done: number; total: number; message?: string }
  'convert.progress': { phase: string; done: number; total: number; message?: string }
  /** The local API server started, stopped, changed key or logged a request. */
  'apiServer.status': { status: ApiServerStatus }
  /** Something the user should know that belongs to no request (e.g. a damaged file set aside). */
  notice: { level: 'info' | 'warning' | 'error'; message: string }
}

export type EventName = keyof EventPayloads
export type EventPayload<E extends EventName> = EventPayloads[E]

/** One event on the wire; a union over every name, so checking `event` narrows `payload`. */
export type EventMessage = {
  [E in EventName]: { readonly event: E; readonly payload: EventPayloads[E] }
}[EventName]
