// Streams answer text into drafts at most once per frame interval: the first delta shows at once,
// later ones within DELTA_FLUSH_MS are joined into one store update. A fast model sends a delta
// per token; re-rendering Markdown for each would take CPU from the model on the same machine.
export const DELTA_FLUSH_MS = 50

export interface DeltaCoalescer {
  push(turnId: string, text: string): void
  /** Applies whatever is pending now (before a restart or a finished turn replaces the draft). */
  flush(): void
}

/** `apply` receives the text gathered per turn id since the last flush. */
export function createDeltaCoalescer(
  apply: (batch: ReadonlyMap<string, string>) => void
): DeltaCoalescer {
  let pending = new Map<string, string>()
  let timer: ReturnType<typeof setTimeout> | null = null
  const flush = (): void => {
    if (pending.size === 0) return
    const batch = pending
    pending = new Map()
    apply(batch)
  }
  const tick = (): void => {
    if (pending.size === 0) {
      timer = null
      return
    }
    flush()
    timer = setTimeout(tick, DELTA_FLUSH_MS)
  }
  return {
    push(turnId, text) {
      pending.set(turnId, (pending.get(turnId) ?? '') + text)
      if (timer !== null) return
      flush()
      timer = setTimeout(tick, DELTA_FLUSH_MS)
    },
    flush
  }
}
