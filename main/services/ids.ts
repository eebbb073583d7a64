// Random ids for conversations and turns (url-safe, sortable by creation time), and copies of
// turns that need fresh ones.
import { randomBytes } from 'node:crypto'
import type { Turn } from '../../preload/contract/types'

export function newId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(5).toString('hex')}`
}

/**
 * Turns for a new conversation made from another (a branch, an import): fresh ids, since streamed
 * text is routed by turn id and the original may be open too; a copy never continues a stream.
 */
export function copyTurns(turns: readonly Turn[]): Turn[] {
  return turns.map((turn) => ({
    ...turn,
    id: newId('t'),
    status: turn.status === 'streaming' ? 'stopped' : turn.status
  }))
}
