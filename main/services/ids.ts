// Random ids for conversations and turns: url-safe, sortable by creation time.
import { randomBytes } from 'node:crypto'

export function newId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(5).toString('hex')}`
}
