// The frames a video will be sampled at (the seed's rule, computed in main), with the count, the
// video's length and each frame's time; the strip scrolls sideways and says so.
import { useTranslation } from 'react-i18next'
import type { FrameStrip as FrameStripData } from '../../../../preload/contract/types'

export function FrameStrip(props: {
  strip: FrameStripData
  name: string
  durationSec: number
}): React.JSX.Element {
  const { t } = useTranslation()
  const { strip, durationSec } = props
  const secondsAt = (index: number): string =>
    strip.frameCount > 0 ? ((index / strip.frameCount) * durationSec).toFixed(1) : '0'
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
            title={t('composer.frameAt', {
              index: strip.indices[index],
              time: secondsAt(strip.indices[index])
            })}
          />
        ))}
      </div>
      <span className="muted small">
        {t('composer.framesOf', { count: strip.indices.length, total: strip.frameCount })} ·{' '}
        {t('composer.stripInfo', { duration: durationSec.toFixed(1) })}
      </span>
    </div>
  )
}
