// One image (or a video's first frame) large, over the app: zoom in and out by steps (buttons,
// + and - keys), back to fit, scroll around when zoomed; Esc, the close button or the backdrop
// close it.
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ConversationAttachment } from '../../../../preload/contract/types'
import { Icon } from '../../lib/Icon'
import { useActions, useAppStore } from '../../store/use-app-store'

const ZOOMS = [1, 1.5, 2, 3, 4] as const

export function MediaViewer(): React.JSX.Element | null {
  const attachment = useAppStore((s) => s.conversation?.attachments.find((a) => a.id === s.viewing))
  // Keyed by the attachment, so another image starts at fit.
  return attachment ? <Viewer key={attachment.id} attachment={attachment} /> : null
}

function Viewer(props: { attachment: ConversationAttachment }): React.JSX.Element {
  const { t } = useTranslation()
  const { attachment } = props
  const preview = useAppStore((s) => s.previews[attachment.id])
  const { viewMedia, loadPreview } = useActions()
  const [step, setStep] = useState(0)
  const [fitWidth, setFitWidth] = useState(0)
  const zoomBy = (delta: number): void =>
    setStep((current) => Math.min(ZOOMS.length - 1, Math.max(0, current + delta)))
  const closeRef = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    void loadPreview(attachment.id)
    closeRef.current?.focus()
  }, [attachment.id, loadPreview])
  useEffect(() => {
    // Window-wide and first, so the keys work wherever the focus is and Esc stops nothing else.
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') viewMedia(null)
      else if (event.key === '+' || event.key === '=') zoomBy(1)
      else if (event.key === '-') zoomBy(-1)
      else return
      event.stopPropagation()
      event.preventDefault()
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [viewMedia])
  const zoom = ZOOMS[step]
  const title = `${t(attachment.kind === 'image' ? 'chat.image' : 'chat.video', { label: attachment.label })}: ${attachment.name}`
  return (
    <div className="modal-backdrop viewer-backdrop" onClick={() => viewMedia(null)}>
      <div
        className="viewer"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        onClick={(event) => event.stopPropagation()}
      >
        <div className="viewer-bar">
          <span className="viewer-title">{title}</span>
          <button
            type="button"
            className="tool"
            aria-label={t('viewer.zoomOut')}
            title={t('viewer.zoomOut')}
            disabled={step === 0}
            onClick={() => zoomBy(-1)}
          >
            <Icon name="zoomOut" />
          </button>
          <span className="viewer-zoom" aria-live="polite">
            {Math.round(zoom * 100)}%
          </span>
          <button
            type="button"
            className="tool"
            aria-label={t('viewer.zoomIn')}
            title={t('viewer.zoomIn')}
            disabled={step === ZOOMS.length - 1}
            onClick={() => zoomBy(1)}
          >
            <Icon name="zoomIn" />
          </button>
          <button
            type="button"
            className="tool"
            aria-label={t('viewer.fit')}
            title={t('viewer.fit')}
            disabled={step === 0}
            onClick={() => setStep(0)}
          >
            <Icon name="expand" />
          </button>
          <button
            ref={closeRef}
            type="button"
            className="tool"
            aria-label={t('viewer.close')}
            title={t('viewer.close')}
            onClick={() => viewMedia(null)}
          >
            <Icon name="close" />
          </button>
        </div>
        <div className="viewer-stage">
          {preview ? (
            <img
              src={preview}
              alt={title}
              className={step === 0 ? 'fit' : 'zoomed'}
              style={step === 0 || fitWidth === 0 ? undefined : { width: fitWidth * zoom }}
              onLoad={(event) => setFitWidth(event.currentTarget.clientWidth)}
            />
          ) : (
            <div className="thumb-placeholder" />
          )}
        </div>
      </div>
    </div>
  )
}
