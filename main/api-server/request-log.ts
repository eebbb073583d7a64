// The API's request log: the latest entries in memory (newest last), for the app's log view and
// `mpp serve`'s console.
import type { ApiLogEntry } from '../../preload/contract/types'

export type { ApiLogEntry }
export const KEPT_LOG_ENTRIES = 200

export class RequestLog {
  private entries: ApiLogEntry[] = []

  add(entry: ApiLogEntry): void {
    this.entries = [...this.entries.slice(-(KEPT_LOG_ENTRIES - 1)), entry]
  }

  list(): readonly ApiLogEntry[] {
    return this.entries
  }
}

/** One line for a console. */
export function formatLogEntry(entry: ApiLogEntry): string {
  const speed = entry.tokensPerSec === null ? '' : ` ${entry.tokensPerSec.toFixed(1)} tok/s`
  const tokens = `${entry.promptTokens}+${entry.completionTokens} tokens (${entry.cachedTokens} cached)`
  const error = entry.error ? ` ${entry.error}` : ''
  return `api ${entry.at} ${entry.client} ${entry.status} ${tokens} ${entry.ms} ms${speed}${error}`
}
