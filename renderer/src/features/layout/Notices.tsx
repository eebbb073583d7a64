// Transient messages from main and from failed actions, each dismissible.
import { useTranslation } from 'react-i18next'
import { useAppStore } from '../../store/use-app-store'

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
