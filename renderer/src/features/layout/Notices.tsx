// Transient messages from main and from failed actions, each dismissible; some offer an action
// (download an export in web mode, show it in the file manager in the desktop app, undo a
// cleared history). Texts and labels are translated here, as drawn, so that a change of language
// re-reads the notices already on screen.
import { useTranslation } from 'react-i18next'
import type { MessageKey } from '../../i18n/message-key'
import { showText } from '../../lib/notice-text'
import type { NoticeAction } from '../../store/types'
import { useActions, useAppStore } from '../../store/use-app-store'

const ACTION_LABELS: Readonly<Record<NoticeAction['kind'], MessageKey>> = {
  download: 'export.download',
  reveal: 'export.reveal',
  'undo-clear': 'confirm.undo'
}

function ActionOf(props: { action: NoticeAction; noticeId: number }): React.JSX.Element {
  const { t } = useTranslation()
  const { revealExport, undoClearHistory, dismiss } = useActions()
  const { action } = props
  const label = t(ACTION_LABELS[action.kind])
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
        {label}
      </button>
    )
  }
  return action.kind === 'download' ? (
    <a className="notice-action" href={action.href} download>
      {label}
    </a>
  ) : (
    <button
      type="button"
      className="notice-action"
      onClick={() => void revealExport(action.exportName)}
    >
      {label}
    </button>
  )
}

export function Notices(): React.JSX.Element | null {
  const { t } = useTranslation()
  const notices = useAppStore((s) => s.notices)
  const dismiss = useAppStore((s) => s.dismiss)
  const language = useAppStore((s) => s.language)
  if (notices.length === 0) return null
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((notice) => (
        <div key={notice.id} className={`notice notice-${notice.level}`}>
          <span>{showText(notice.text, t, language)}</span>
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
