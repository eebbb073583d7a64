// The answers "regenerate" has kept for a question, side by side: each with how it was decoded
// and its speed, so that settings (greedy, beams, temperature, seed) can be compared on the same
// images and question. "Show this one" makes an answer the one the next question builds on.
import { useTranslation } from 'react-i18next'
import { answerVersions, shownAnswerIndex } from '../../../../preload/contract/answer-versions'
import type { Turn } from '../../../../preload/contract/types'
import { useActions } from '../../store/use-app-store'
import { CopyAnswer } from './CopyAnswer'
import { Markdown } from './Markdown'
import { decodingOf, speedOf } from './TurnStatsLine'

export function AnswerComparison(props: {
  turn: Turn
  mediaLabels: readonly string[]
  busy: boolean
}): React.JSX.Element {
  const { t } = useTranslation()
  const { selectAnswer } = useActions()
  const { turn } = props
  const versions = answerVersions(turn)
  const shown = shownAnswerIndex(turn)
  return (
    <div className="answer-grid" role="list" aria-label={t('chat.sideBySide')}>
      {versions.map((version, index) => {
        const title = t('chat.answerNumber', { index: index + 1 })
        const options = version.stats?.options
        return (
          <section
            key={index}
            role="listitem"
            aria-label={title}
            className={index === shown ? 'answer-column shown' : 'answer-column'}
          >
            <h4>
              {title}
              {index === shown && <span className="muted small"> · {t('chat.shownAnswer')}</span>}
            </h4>
            <p className="muted small answer-decoding">
              {options ? decodingOf(options, t) : t('chat.decodingUnknown')}
              {version.status === 'stopped' && ` · ${t('chat.stopped')}`}
              {version.edited && ` · ${t('chat.edited')}`}
            </p>
            <Markdown text={version.response} mediaLabels={props.mediaLabels} />
            {version.stats && <p className="muted small">{speedOf(version.stats, t)}</p>}
            <CopyAnswer markdown={version.response} />
            {index !== shown && (
              <button
                type="button"
                disabled={props.busy}
                onClick={() => void selectAnswer(turn.id, index)}
              >
                {t('chat.showThisAnswer')}
              </button>
            )}
          </section>
        )
      })}
    </div>
  )
}
