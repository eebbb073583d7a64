// The answers a question has had: "regenerate" keeps the earlier ones beside the new one, and
// the user may show any of them. The shown answer is the turn's own response (what history,
// export and the next question use); the others wait in `alternatives`, oldest first, with
// `answerIndex` saying where the shown one sits among all of them.
import { answerVersions } from '../../preload/contract/answer-versions'
import type { Turn } from '../../preload/contract/types'
import { ServiceError } from './service-error'

export { answerVersions }

/** The versions a new answer to the same question starts with (it will be the newest). */
export function keepForRegenerate(turn: Turn): Pick<Turn, 'alternatives' | 'answerIndex'> {
  const versions = answerVersions(turn)
  return { alternatives: versions, answerIndex: versions.length }
}

/** The turn showing version `index` of its answers; the others stay as alternatives. */
export function showAnswer(turn: Turn, index: number): Turn {
  const versions = answerVersions(turn)
  const chosen = versions[index]
  if (!chosen) {
    throw new ServiceError(
      'BAD_INPUT',
      `This question has ${versions.length} answers, not ${index + 1}`
    )
  }
  return {
    ...turn,
    response: chosen.response,
    stats: chosen.stats,
    status: chosen.status,
    edited: chosen.edited,
    error: null,
    alternatives: versions.filter((_, i) => i !== index),
    answerIndex: index
  }
}
