// The conversation list: new, import, search, select, rename, delete.
import { useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { useActions, useAppStore } from '../../store/use-app-store'
import { ConversationRow } from './ConversationRow'

export function Sidebar(): React.JSX.Element {
  const { t } = useTranslation()
  const summaries = useAppStore((s) => s.summaries)
  const search = useAppStore((s) => s.search)
  const activeId = useAppStore((s) => s.activeId)
  const { newConversation, setSearch, importConversation, setDrawer } = useActions()
  const picker = useRef<HTMLInputElement>(null)
  return (
    <nav
      className="sidebar"
      aria-label={t('sidebar.conversations')}
      onClick={(event) => {
        // In a narrow window the list is a drawer: opening or starting a conversation closes it.
        const button = (event.target as HTMLElement).closest('button')
        if (button?.matches('.primary, .conversation-open')) setDrawer(false)
      }}
    >
      <button type="button" className="primary" onClick={() => void newConversation()}>
        {t('sidebar.newConversation')}
      </button>
      <button
        type="button"
        className="link"
        title={t('sidebar.importHint')}
        onClick={() => picker.current?.click()}
      >
        {t('sidebar.import')}
      </button>
      <input
        ref={picker}
        type="file"
        hidden
        accept=".zip,.json"
        aria-label={t('sidebar.import')}
        onChange={(event) => {
          const [file] = Array.from(event.target.files ?? [])
          event.target.value = ''
          if (file) void importConversation(file)
        }}
      />
      <input
        type="search"
        aria-label={t('sidebar.search')}
        placeholder={t('sidebar.search')}
        value={search}
        onChange={(event) => void setSearch(event.target.value)}
      />
      {summaries.length === 0 ? (
        <p className="muted">
          {search.trim() ? t('sidebar.noMatch', { query: search.trim() }) : t('sidebar.empty')}
        </p>
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
