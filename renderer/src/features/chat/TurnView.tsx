// One question and its answer: media, the question (editable and resendable), the streamed or
// finished answer as Markdown (editable by hand), its status and speed, and on the last turn
// regenerate, the pager between the answers regenerate has kept and a side-by-side view of them.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ConversationAttachment, Turn } from '../../../../preload/contract/types'
import { useActions, useAppStore } from '../../store/use-app-store'
import { answerVersions } from '../../../../preload/contract/answer-versions'
import { AnswerComparison } from './AnswerComparison'
import { AnswerEditor } from './AnswerEditor'
import { AnswerPager } from './AnswerPager'
import { CopyAnswer } from './CopyAnswer'
import { Markdown } from './Markdown'
import { TurnMedia } from './TurnMedia'
import { TurnStatsLine } from './TurnStatsLine'

interface TurnViewProps {
  turn: Turn
  attachments: readonly ConversationAttachment[]
  last: boolean
  /** Questions after this one, which resending an edit of it removes. */
  later?: number
  busy: boolean
}

export function TurnView(props: TurnViewProps): React.JSX.Element {
  const { turn, attachments, last, later = 0, busy } = props
  const { t } = useTranslation()
  const draft = useAppStore((s) => s.drafts[turn.id])
  const language = useAppStore((s) => s.language)
  const { editAndResend, regenerate, branch } = useActions()
  const [editing, setEditing] = useState(false)
  const [query, setQuery] = useState(turn.query)
  const [sideBySide, setSideBySide] = useState(false)
  const [editingAnswer, setEditingAnswer] = useState(false)
  const finished = turn.status === 'done' || turn.status === 'stopped'
  const streaming = turn.status === 'streaming'
  const comparable = last && !streaming && answerVersions(turn).length > 1
  const mediaLabels = attachments.map((a) => a.label)
  const editAnswerButton = finished && !busy && !editingAnswer && !(comparable && sideBySide) && (
    <button type="button" className="link" onClick={() => setEditingAnswer(true)}>
      {t('chat.editAnswer')}
    </button>
  )
  const answer = streaming ? (draft ?? turn.response) : turn.response
  const copyButtons = finished && answer && !editingAnswer && !(comparable && sideBySide) && (
    <CopyAnswer markdown={answer} />
  )
  const media = turn.attachmentIds.flatMap((id) => attachments.find((a) => a.id === id) ?? [])
  return (
    <article className="turn" aria-label={t('chat.you')} data-status={turn.status}>
      <div className="bubble user">
        <TurnMedia attachments={media} />
        {editing ? (
          <form
            onSubmit={(event) => {
              event.preventDefault()
              setEditing(false)
              void editAndResend(turn.id, query)
            }}
          >
            <textarea
              aria-label={t('chat.editQuestion')}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
            />
            {later > 0 && (
              <p className="muted small" role="note">
                {t('chat.editDropsLater', { count: later })}
              </p>
            )}
            <button type="submit">{t('chat.resend')}</button>
            <button type="button" onClick={() => setEditing(false)}>
              {t('chat.cancel')}
            </button>
          </form>
        ) : (
          <p className="query">{turn.query}</p>
        )}
        {!editing && !busy && (
          <button
            type="button"
            className="link"
            aria-label={t('chat.editQuestion')}
            onClick={() => setEditing(true)}
          >
            {t('chat.edit')}
          </button>
        )}
        {!editing && !busy && turn.status !== 'streaming' && (
          <button
            type="button"
            className="link"
            title={t('chat.branchHint')}
            onClick={() => void branch(turn.id)}
          >
            {t('chat.branch')}
          </button>
        )}
      </div>
      <div className="bubble assistant" aria-label={t('chat.assistant')} aria-busy={streaming}>
        {editingAnswer ? (
          <AnswerEditor
            turnId={turn.id}
            response={turn.response}
            onClose={() => setEditingAnswer(false)}
          />
        ) : comparable && sideBySide ? (
          <AnswerComparison turn={turn} mediaLabels={mediaLabels} busy={busy} />
        ) : answer ? (
          <Markdown text={answer} mediaLabels={mediaLabels} />
        ) : (
          streaming && <p className="muted">{t('chat.thinking')}</p>
        )}
        {turn.status === 'stopped' && <p className="muted small">{t('chat.stopped')}</p>}
        {turn.status === 'error' && (
          <p className="error" role="alert">
            {t('chat.failed', {
              // Main's reason is English; in Chinese mode the catalogue's general one stands in.
              message: language === 'zh' ? t('serverErrors.hostError') : (turn.error ?? '')
            })}
          </p>
        )}
        {turn.stats && turn.status !== 'error' && !(comparable && sideBySide) && (
          <TurnStatsLine stats={turn.stats} />
        )}
        {turn.edited && !(comparable && sideBySide) && (
          <p className="muted small">{t('chat.editedByHand')}</p>
        )}
        {!last && (
          <div className="row turn-actions">
            {copyButtons}
            {editAnswerButton}
          </div>
        )}
        {last && (
          <div className="row turn-actions">
            {copyButtons}
            {!busy && (
              <button type="button" onClick={() => void regenerate()}>
                {t('chat.regenerate')}
              </button>
            )}
            <AnswerPager turn={turn} busy={busy} />
            {comparable && (
              <button
                type="button"
                aria-pressed={sideBySide}
                onClick={() => setSideBySide((on) => !on)}
              >
                {t('chat.sideBySide')}
              </button>
            )}
            {editAnswerButton}
          </div>
        )}
      </div>
    </article>
  )
}
