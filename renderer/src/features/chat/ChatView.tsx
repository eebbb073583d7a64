// The open conversation: its turns (auto-scrolled while an answer streams) above the composer.
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { shownTitle } from '../../lib/conversation-title'
import { useAppStore } from '../../store/use-app-store'
import { Composer } from '../composer/Composer'
import { TurnView } from './TurnView'

export function ChatView(): React.JSX.Element {
  const { t } = useTranslation()
  const conversation = useAppStore((s) => s.conversation)
  const draftLength = useAppStore((s) => Object.values(s.drafts).reduce((n, d) => n + d.length, 0))
  const endRef = useRef<HTMLDivElement>(null)
  useEffect(() => {
    endRef.current?.scrollIntoView?.({ block: 'end' })
  }, [draftLength, conversation?.turns.length])
  const turns = conversation?.turns ?? []
  const busy = turns.some((turn) => turn.status === 'streaming')
  return (
    <section
      className="chat"
      aria-label={conversation ? shownTitle(conversation.title, t) : t('app.title')}
    >
      <div className="turns" role="log" aria-live="polite">
        {turns.length === 0 && (
          <div className="empty">
            <h2>{t('chat.emptyTitle')}</h2>
            <p className="muted">{t('chat.empty')}</p>
            <ul className="empty-tries">
              <li>{t('chat.tryCompare')}</li>
              <li>{t('chat.tryDescribe')}</li>
              <li>{t('chat.tryVideo')}</li>
            </ul>
            <p className="muted small">{t('chat.tryCommands')}</p>
          </div>
        )}
        {turns.map((turn, index) => (
          <TurnView
            key={turn.id}
            turn={turn}
            attachments={conversation?.attachments ?? []}
            last={index === turns.length - 1}
            later={turns.length - 1 - index}
            busy={busy}
          />
        ))}
        <div ref={endRef} />
      </div>
      <Composer busy={busy} />
    </section>
  )
}
