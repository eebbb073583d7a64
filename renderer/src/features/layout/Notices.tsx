// Transient messages from main and from failed actions, each dismissible; some offer an action
// (download an export in web mode, show it in the file manager in the desktop app, undo a
// cleared history).
import { useTranslation } from 'react-i18next'
import type { NoticeAction } from '../../store/types'
import { useActions, useAppStore } from '../../store/use-app-store'

function ActionOf(props: { action: NoticeAction; noticeId: number }): React.JSX.Element {
  const { revealExport, undoClearHistory, dismiss } = useActions()
  const { action } = props
  if (action.kind === 'undo-clear') {
    return (
      <button
        type="button"
        className="notice-action"
        onClick={() => {
          dismiss(props.noticeId)
          void undoClearHistory(action.conversationId)
        }}
      >
        {action.label}
      </button>
    )
  }
  return action.kind === 'download' ? (
    <a className="notice-action" href={action.href} download>
      {action.label}
    </a>
  ) : (
    <button
      type="button"
      className="notice-action"
      onClick={() => void revealExport(action.exportName)}
    >
      {action.label}
    </button>
  )
}

export function Notices(): React.JSX.Element | null {
  const { t } = useTranslation()
  const notices = useAppStore((s) => s.notices)
  const dismiss = useAppStore((s) => s.dismiss)
  if (notices.length === 0) return null
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((notice) => (
        <div key={notice.id} className={`notice notice-${notice.level}`}>
          <span>{notice.message}</span>
          {notice.action && <ActionOf action={notice.action} noticeId={notice.id} />}
          <button
            type="button"
            aria-label={t('notices.dismiss')}
            onClick={() => dismiss(notice.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  )
}
