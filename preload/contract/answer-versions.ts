// The answers a question has had, in the order they were written: the turn's own (shown) answer
// sits among the kept `alternatives` at `answerIndex`. Shared by main (regenerate, select) and
// the renderer (the pager and the side-by-side view), so both count answers the same way.
import type { AnswerVersion, Turn } from './types'

/** The turn's own answer as a version, when it is one worth keeping (finished or stopped). */
export function shownVersion(turn: Turn): AnswerVersion | null {
  if ((turn.status !== 'done' && turn.status !== 'stopped') || turn.response === '') return null
  const version: AnswerVersion = { response: turn.response, stats: turn.stats, status: turn.status }
  return turn.edited ? { ...version, edited: true } : version
}

/** Where the shown answer sits in `answerVersions(turn)`, or -1 when it is not one of them. */
export function shownAnswerIndex(turn: Turn): number {
  const others = turn.alternatives?.length ?? 0
  return shownVersion(turn) ? Math.min(turn.answerIndex ?? others, others) : -1
}

/** Every answer of the turn in the order they were written. */
export function answerVersions(turn: Turn): AnswerVersion[] {
  const others = turn.alternatives ?? []
  const shown = shownVersion(turn)
  if (!shown) return [...others]
  const at = shownAnswerIndex(turn)
  return [...others.slice(0, at), shown, ...others.slice(at)]
}
