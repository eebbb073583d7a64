// Switches between the answers "regenerate" has kept for the last question: ‹ 2 / 3 ›. The shown
// answer is the one the next question builds on.
import { useTranslation } from 'react-i18next'
import type { Turn } from '../../../../preload/contract/types'
import { useActions } from '../../store/use-app-store'

export function AnswerPager(props: { turn: Turn; busy: boolean }): React.JSX.Element | null {
  const { t } = useTranslation()
  const { selectAnswer } = useActions()
  const { turn, busy } = props
  const others = turn.alternatives?.length ?? 0
  const shownIsAnswer = turn.status === 'done' || turn.status === 'stopped'
  const count = others + (shownIsAnswer ? 1 : 0)
  if (others === 0 || turn.status === 'streaming') return null
  const index = shownIsAnswer ? Math.min(turn.answerIndex ?? others, others) : count
  return (
    <div
      className="answer-pager small"
      role="group"
      aria-label={t('chat.answerOf', { index: index + 1, count })}
    >
      <button
        type="button"
        aria-label={t('chat.previousAnswer')}
        disabled={busy || index === 0}
        onClick={() => void selectAnswer(turn.id, index - 1)}
      >
        ‹
      </button>
      <span>{shownIsAnswer ? `${index + 1} / ${count}` : `– / ${count}`}</span>
      <button
        type="button"
        aria-label={t('chat.nextAnswer')}
        disabled={busy || index >= count - 1}
        onClick={() => void selectAnswer(turn.id, index + 1)}
      >
        ›
      </button>
    </div>
  )
}
