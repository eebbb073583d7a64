// A finished turn with a given answer, for tests that only care about a few of its fields.
import type { Turn } from '../../preload/contract/types'

export function turnFixture(patch: Partial<Turn> = {}): Turn {
  return {
    id: 't-1',
    query: 'q',
    attachmentIds: [],
    response: 'answer',
    status: 'done',
    error: null,
    stats: null,
    createdAt: '',
    ...patch
  }
}
