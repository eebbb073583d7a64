// The conversation's images side by side with their labels (or two of them under a swipe
// divider), next to the latest answer; it can fill the window, and an image opens large.
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useActions, useAppStore } from '../../store/use-app-store'
import { Icon } from '../../lib/Icon'
import { Markdown } from '../chat/Markdown'
import { SwipeCompare } from './SwipeCompare'

export function ComparisonView(): React.JSX.Element {
  const { t } = useTranslation()
  const conversation = useAppStore((s) => s.conversation)
  const previews = useAppStore((s) => s.previews)
  const drafts = useAppStore((s) => s.drafts)
  const highlighted = useAppStore((s) => s.highlightedMedia)
  const expanded = useAppStore((s) => s.panelExpanded)
  const { loadPreview, viewMedia, setPanelExpanded } = useActions()
  const [swipe, setSwipe] = useState(false)
  const images = conversation?.attachments
  const stills = images?.filter((image) => image.kind === 'image') ?? []
  useEffect(() => {
    for (const image of images ?? []) void loadPreview(image.id)
  }, [images, loadPreview])
  const last = conversation?.turns.at(-1)
  const answer = last ? (last.status === 'streaming' ? (drafts[last.id] ?? '') : last.response) : ''
  return (
    <section className="compare" aria-label={t('compare.title')}>
      <div className="row panel-heading">
        <h2>{t('compare.title')}</h2>
        <button
          type="button"
          className="tool"
          aria-pressed={expanded}
          title={t('viewer.fullWindow')}
          onClick={() => setPanelExpanded(!expanded)}
        >
          <Icon name="expand" />
          <span className="tool-label">{t('viewer.fullWindow')}</span>
        </button>
      </div>
      {stills.length >= 2 && (
        <div className="row" role="group" aria-label={t('compare.layout')}>
          <button type="button" aria-pressed={!swipe} onClick={() => setSwipe(false)}>
            {t('compare.grid')}
          </button>
          <button type="button" aria-pressed={swipe} onClick={() => setSwipe(true)}>
            {t('compare.swipe')}
          </button>
        </div>
      )}
      {!images || images.length === 0 ? (
        <p className="muted">{t('compare.none')}</p>
      ) : swipe && stills.length >= 2 ? (
        <SwipeCompare images={stills} previews={previews} />
      ) : (
        <div className="compare-grid">
          {images.map((image) => (
            <figure
              key={image.id}
              data-media-label={image.label}
              className={highlighted === image.label ? 'highlighted' : undefined}
            >
              {previews[image.id] ? (
                <button
                  type="button"
                  className="thumb-button"
                  title={t('viewer.open', { label: image.label })}
                  onClick={() => viewMedia(image.id)}
                >
                  <img
                    src={previews[image.id]}
                    alt={t(image.kind === 'image' ? 'chat.image' : 'chat.video', {
                      label: image.label
                    })}
                  />
                </button>
              ) : (
                <div className="thumb-placeholder" />
              )}
              <figcaption>
                <span className="label-badge">{image.label}</span> {image.name}
              </figcaption>
            </figure>
          ))}
        </div>
      )}
      {answer && (
        <div className="compare-answer">
          <h3>{t('compare.answer')}</h3>
          <Markdown text={answer} mediaLabels={images?.map((image) => image.label)} />
        </div>
      )}
    </section>
  )
}
