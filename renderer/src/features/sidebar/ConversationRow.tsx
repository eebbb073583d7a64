// One conversation in the list, with pin, inline rename and a confirmed delete.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ConversationSummary } from '../../../../preload/contract/types'
import { shownTitle } from '../../lib/conversation-title'
import { Icon } from '../../lib/Icon'
import { useActions } from '../../store/use-app-store'

export function ConversationRow(props: {
  summary: ConversationSummary
  active: boolean
}): React.JSX.Element {
  const { summary, active } = props
  const { t } = useTranslation()
  const { select, rename, remove, setPinned } = useActions()
  const [editing, setEditing] = useState(false)
  const shown = shownTitle(summary.title, t)
  const [title, setTitle] = useState(shown)
  if (editing) {
    return (
      <li className="conversation-row editing">
        <form
          onSubmit={(event) => {
            event.preventDefault()
            setEditing(false)
            void rename(summary.id, title)
          }}
        >
          <input
            aria-label={t('sidebar.rename')}
            value={title}
            autoFocus
            onChange={(event) => setTitle(event.target.value)}
            onBlur={() => setEditing(false)}
            onKeyDown={(event) => event.key === 'Escape' && setEditing(false)}
          />
        </form>
      </li>
    )
  }
  return (
    <li
      className={['conversation-row', active && 'active', summary.pinned && 'pinned']
        .filter(Boolean)
        .join(' ')}
    >
      <button
        type="button"
        className="conversation-open"
        aria-current={active ? 'true' : undefined}
        onClick={() => void select(summary.id)}
      >
        <span className="conversation-title" title={shown}>
          {shown}
        </span>
        <span className="muted small">{t('sidebar.turns', { count: summary.turnCount })}</span>
      </button>
      <button
        type="button"
        className="icon pin"
        aria-label={`${t('sidebar.pin')}: ${shown}`}
        title={t('sidebar.pin')}
        aria-pressed={summary.pinned}
        onClick={() => void setPinned(summary.id, !summary.pinned)}
      >
        <Icon name="pin" />
      </button>
      <button
        type="button"
        className="icon"
        aria-label={`${t('sidebar.rename')}: ${shown}`}
        title={t('sidebar.rename')}
        onClick={() => {
          setTitle(shown)
          setEditing(true)
        }}
      >
        <Icon name="edit" />
      </button>
      <button
        type="button"
        className="icon"
        aria-label={`${t('sidebar.delete')}: ${shown}`}
        title={t('sidebar.delete')}
        onClick={() => {
          if (window.confirm(t('sidebar.confirmDelete', { title: shown }))) void remove(summary.id)
        }}
      >
        <Icon name="trash" />
      </button>
    </li>
  )
}
