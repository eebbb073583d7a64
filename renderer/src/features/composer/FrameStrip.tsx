// The frames a video will be sampled at (the seed's rule, computed in main), with the count.
import { useTranslation } from 'react-i18next'
import type { FrameStrip as FrameStripData } from '../../../../preload/contract/types'

export function FrameStrip(props: { strip: FrameStripData; name: string }): React.JSX.Element {
  const { t } = useTranslation()
  const { strip } = props
  return (
    <div
      className="frame-strip"
      aria-label={`${props.name}: ${t('composer.framesOf', { count: strip.indices.length, total: strip.frameCount })}`}
    >
      <div className="frames">
        {strip.thumbnails.map((src, index) => (
          <img
            key={strip.indices[index]}
            src={src}
            alt={`#${strip.indices[index]}`}
            title={`#${strip.indices[index]}`}
          />
        ))}
      </div>
      <span className="muted small">
        {t('composer.framesOf', { count: strip.indices.length, total: strip.frameCount })}
      </span>
    </div>
  )
}
