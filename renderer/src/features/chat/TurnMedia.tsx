// The images and videos sent with one question, with their labels; highlighted while an answer's
// mention of them is pointed at; pressing one shows it large.
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import type { ConversationAttachment } from '../../../../preload/contract/types'
import { useActions, useAppStore } from '../../store/use-app-store'

function MediaThumb(props: { attachment: ConversationAttachment }): React.JSX.Element {
  const { t } = useTranslation()
  const { attachment } = props
  const preview = useAppStore((s) => s.previews[attachment.id])
  const { loadPreview, viewMedia } = useActions()
  const highlighted = useAppStore((s) => s.highlightedMedia === attachment.label)
  useEffect(() => {
    void loadPreview(attachment.id)
  }, [attachment.id, loadPreview])
  const label =
    attachment.kind === 'image'
      ? t('chat.image', { label: attachment.label })
      : t('chat.video', { label: attachment.label })
  return (
    <figure
      className={highlighted ? 'turn-media-item highlighted' : 'turn-media-item'}
      data-media-label={attachment.label}
    >
      <button
        type="button"
        className="thumb-button"
        title={t('viewer.open', { label })}
        onClick={() => viewMedia(attachment.id)}
      >
        {preview ? (
          <img src={preview} alt={`${label}: ${attachment.name}`} />
        ) : (
          <div className="thumb-placeholder" />
        )}
      </button>
      <figcaption>
        <span className="label-badge">{attachment.label}</span> {attachment.name}
      </figcaption>
    </figure>
  )
}

export function TurnMedia(props: {
  attachments: readonly ConversationAttachment[]
}): React.JSX.Element | null {
  if (props.attachments.length === 0) return null
  return (
    <div className="turn-media">
      {props.attachments.map((attachment) => (
        <MediaThumb key={attachment.id} attachment={attachment} />
      ))}
    </div>
  )
}
