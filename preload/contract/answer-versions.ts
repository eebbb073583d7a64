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

/** Every answer of the turn in the order they were written. */
export function answerVersions(turn: Turn): AnswerVersion[] {
  const others = turn.alternatives ?? []
  const shown = shownVersion(turn)
  if (!shown) return [...others]
  const at = Math.min(turn.answerIndex ?? others.length, others.length)
  return [...others.slice(0, at), shown, ...others.slice(at)]
}
