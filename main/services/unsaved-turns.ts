// Finished answers whose save failed (a full disk, a read-only or vanished folder): they are kept
// in memory, laid over what is on disk wherever the conversation is read or changed, so the user
// still sees them and the next successful save writes them; a timer retries the save with backoff
// and the user is told once when saving fails and once when it works again.
import type { Conversation, Turn } from '../../preload/contract/types'

export interface UnsavedTurnsOptions {
  /** First retry delay; it doubles after each failed retry, up to 16 times the first. */
  readonly retryMs: number
  /** Saves the conversation again (with its unsaved turns laid over). */
  readonly retry: (conversationId: string) => Promise<void>
  readonly notify: (level: 'info' | 'error', message: string) => void
}

const REASONS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file would be larger than the system allows',
  EROFS: 'the disk is read-only',
  EACCES: 'the data folder is not writable',
  EPERM: 'the data folder is not writable',
  EIO: 'the disk reported an I/O error'
}

/** A short, plain reason for a failed save (no paths). */
export function saveFailureReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code
  if (code && REASONS[code]) return `${REASONS[code]} (${code})`
  return code ?? (error instanceof Error ? error.message.split('\n')[0] : String(error))
}

interface Pending {
  readonly turns: Map<string, Turn>
  delayMs: number
  timer: NodeJS.Timeout | null
}

export class UnsavedTurns {
  private readonly pending = new Map<string, Pending>()

  constructor(private readonly options: UnsavedTurnsOptions) {}

  /** Keeps `turn` after its save failed with `error`, tells the user, and schedules a retry. */
  keep(conversationId: string, turn: Turn, error: unknown): void {
    const known = this.pending.get(conversationId)
    const entry = known ?? { turns: new Map(), delayMs: this.options.retryMs, timer: null }
    entry.turns.set(turn.id, turn)
    this.pending.set(conversationId, entry)
    if (!known) {
      this.options.notify(
        'error',
        `The answer could not be saved: ${saveFailureReason(error)}. It is kept in memory and ` +
          `saving is retried; free some space or fix the folder to keep it.`
      )
    }
    this.schedule(conversationId, entry)
  }

  /** The conversation with its unsaved turns in place of what the file holds. */
  apply(conversation: Conversation): Conversation {
    const entry = this.pending.get(conversation.id)
    if (!entry) return conversation
    return {
      ...conversation,
      turns: conversation.turns.map((turn) => entry.turns.get(turn.id) ?? turn)
    }
  }

  has(conversationId: string): boolean {
    return this.pending.has(conversationId)
  }

  /** The conversation was saved with its unsaved turns laid over: they are on disk now. */
  saved(conversationId: string): void {
    const entry = this.pending.get(conversationId)
    if (!entry) return
    if (entry.timer) clearTimeout(entry.timer)
    this.pending.delete(conversationId)
    this.options.notify('info', 'The answer that could not be saved earlier is saved now.')
  }

  /** The conversation is gone (deleted): nothing left to save. */
  forget(conversationId: string): void {
    const entry = this.pending.get(conversationId)
    if (entry?.timer) clearTimeout(entry.timer)
    this.pending.delete(conversationId)
  }

  /** Tries every pending save once more now and stops the timers (app shutdown). */
  async flush(): Promise<void> {
    const ids = [...this.pending.keys()]
    for (const entry of this.pending.values()) if (entry.timer) clearTimeout(entry.timer)
    await Promise.all(ids.map((id) => this.options.retry(id).catch(() => {})))
    for (const entry of this.pending.values()) {
      if (entry.timer) clearTimeout(entry.timer)
      entry.timer = null
    }
  }

  private schedule(conversationId: string, entry: Pending): void {
    if (entry.timer) return
    entry.timer = setTimeout(() => {
      entry.timer = null
      this.options.retry(conversationId).catch(() => {
        if (this.pending.get(conversationId) !== entry) return
        entry.delayMs = Math.min(entry.delayMs * 2, this.options.retryMs * 16)
        this.schedule(conversationId, entry)
      })
    }, entry.delayMs)
    // A pending retry must not keep a CLI process alive on its own.
    entry.timer.unref()
  }
}
