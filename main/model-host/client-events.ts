// The events a ModelHostClient emits, and the small typed emitter behind `client.on()`.

/** ready: accepting calls; restarting/reloading: recovering from a dead host; failed: gave up. */
export type HostState = 'starting' | 'ready' | 'restarting' | 'reloading' | 'failed' | 'disposed'

export interface ClientEventMap {
  state: (state: HostState) => void
  /** A host died; recovery starts unless the client was disposed. */
  exit: (info: { reason: string }) => void
  /** A fresh host is ready, the model reloaded, in-flight calls being replayed. */
  restarted: (info: { attempt: number; reason: string }) => void
  log: (entry: { level: 'debug' | 'info' | 'warn' | 'error'; message: string }) => void
}

export class ClientEvents {
  private readonly listeners: { [E in keyof ClientEventMap]: Set<ClientEventMap[E]> } = {
    state: new Set(),
    exit: new Set(),
    restarted: new Set(),
    log: new Set()
  }

  on<E extends keyof ClientEventMap>(event: E, listener: ClientEventMap[E]): () => void {
    const set = this.listeners[event] as Set<ClientEventMap[E]>
    set.add(listener)
    return () => set.delete(listener)
  }

  emit<E extends keyof ClientEventMap>(event: E, ...args: Parameters<ClientEventMap[E]>): void {
    for (const listener of this.listeners[event]) {
      ;(listener as (...values: Parameters<ClientEventMap[E]>) => void)(...args)
    }
  }
}
