// Main -> front-door events: services publish typed events here; each transport (Electron
// webContents, the serve WebSocket) subscribes and forwards them.
import type { EventMessage, EventName, EventPayloads } from '../../preload/contract/events'

export type EventListener = (message: EventMessage) => void

export interface EventBus {
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void
  subscribe(listener: EventListener): () => void
}

export function createEventBus(): EventBus {
  const listeners = new Set<EventListener>()
  return {
    emit(event, payload) {
      const message = { event, payload } as EventMessage
      for (const listener of listeners) listener(message)
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    }
  }
}
