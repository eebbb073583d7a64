// The conversation list: new, search, select, rename, delete.
import { useTranslation } from 'react-i18next'
import { useActions, useAppStore } from '../../store/use-app-store'
import { ConversationRow } from './ConversationRow'

export function Sidebar(): React.JSX.Element {
  const { t } = useTranslation()
  const summaries = useAppStore((s) => s.summaries)
  const search = useAppStore((s) => s.search)
  const activeId = useAppStore((s) => s.activeId)
  const { newConversation, setSearch } = useActions()
  return (
    <nav className="sidebar" aria-label={t('sidebar.conversations')}>
      <button type="button" className="primary" onClick={() => void newConversation()}>
        {t('sidebar.newConversation')}
      </button>
      <input
        type="search"
        aria-label={t('sidebar.search')}
        placeholder={t('sidebar.search')}
        value={search}
        onChange={(event) => void setSearch(event.target.value)}
      />
      {summaries.length === 0 ? (
        <p className="muted">{t('sidebar.empty')}</p>
      ) : (
        <ul className="conversation-list">
          {summaries.map((summary) => (
            <ConversationRow key={summary.id} summary={summary} active={summary.id === activeId} />
          ))}
        </ul>
      )}
    </nav>
  )
}
