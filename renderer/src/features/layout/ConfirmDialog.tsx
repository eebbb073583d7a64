// Asks before an action that removes work (clear history): a modal with the consequence in words,
// the safe choice first, Esc and the backdrop cancelling.
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { shownTitle } from '../../lib/conversation-title'
import { useActions, useAppStore } from '../../store/use-app-store'

export function ConfirmDialog(): React.JSX.Element | null {
  const { t } = useTranslation()
  const confirming = useAppStore((s) => s.confirming)
  const title = shownTitle(
    useAppStore((s) => s.conversation?.title ?? ''),
    t
  )
  const { answerConfirm } = useActions()
  const cancelRef = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    if (confirming) cancelRef.current?.focus()
  }, [confirming])
  if (!confirming) return null
  return (
    <div className="modal-backdrop" onClick={() => void answerConfirm(false)}>
      <div
        className="modal"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        aria-describedby="confirm-body"
        onClick={(event) => event.stopPropagation()}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.stopPropagation()
            void answerConfirm(false)
          }
        }}
      >
        <h2 id="confirm-title">{t('confirm.clearTitle', { title })}</h2>
        <p id="confirm-body">{t('confirm.clearBody')}</p>
        <div className="row modal-actions">
          <button ref={cancelRef} type="button" onClick={() => void answerConfirm(false)}>
            {t('chat.cancel')}
          </button>
          <button type="button" className="danger" onClick={() => void answerConfirm(true)}>
            {t('confirm.clearYes')}
          </button>
        </div>
      </div>
    </div>
  )
}
