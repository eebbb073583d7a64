// A mention of an image or video in an answer: pointing at it (or focusing it) highlights that
// media's thumbnails, and pressing it brings the first one into view.
import { useTranslation } from 'react-i18next'
import { useActions, useAppStore } from '../../store/use-app-store'

export function MediaMention(props: {
  label: string
  children: React.ReactNode
}): React.JSX.Element {
  const { t } = useTranslation()
  const { highlightMedia } = useActions()
  const name = useAppStore(
    (s) => s.conversation?.attachments.find((a) => a.label === props.label)?.name ?? ''
  )
  const show = (): void => {
    highlightMedia(props.label)
    document
      .querySelector(`[data-media-label="${props.label}"]`)
      ?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' })
  }
  return (
    <button
      type="button"
      className="media-mention"
      title={t('chat.showMedia', { label: props.label, name })}
      onClick={show}
      onMouseEnter={() => highlightMedia(props.label)}
      onMouseLeave={() => highlightMedia(null)}
      onFocus={() => highlightMedia(props.label)}
      onBlur={() => highlightMedia(null)}
    >
      {props.children}
    </button>
  )
}
