// Per-device bars of the placement preview: weights, KV cache and vision tower against capacity.
import { useTranslation } from 'react-i18next'
import type { PlacementPreview } from '../../../../preload/contract/types'
import { formatBytes } from '../../lib/labels'

export function PlacementBars(props: { plan: PlacementPreview }): React.JSX.Element {
  const { t } = useTranslation()
  return (
    <div className="placement">
      <p className={props.plan.fits ? 'small' : 'error small'}>{props.plan.summary}</p>
      {props.plan.bars.map((bar) => {
        const part = (bytes: number): string =>
          `${Math.min(100, (bytes / Math.max(1, bar.capacityBytes)) * 100)}%`
        return (
          <div key={bar.device} className="placement-row">
            <span className="small">
              {bar.device}
              {bar.layers ? ` · L${bar.layers[0]}–${bar.layers[1]}` : ''} ·{' '}
              {formatBytes(bar.capacityBytes)}
            </span>
            <div
              className="bar"
              role="img"
              aria-label={`${bar.device}: ${t('model.weights')} ${formatBytes(bar.weightsBytes)}, ${t('model.kvCache')} ${formatBytes(bar.kvCacheBytes)}, ${t('model.vision')} ${formatBytes(bar.visionBytes)}`}
            >
              <span className="seg seg-weights" style={{ width: part(bar.weightsBytes) }} />
              <span className="seg seg-kv" style={{ width: part(bar.kvCacheBytes) }} />
              <span className="seg seg-vision" style={{ width: part(bar.visionBytes) }} />
            </div>
          </div>
        )
      })}
      <p className="legend small">
        <span className="seg-weights swatch" /> {t('model.weights')}{' '}
        <span className="seg-kv swatch" /> {t('model.kvCache')}{' '}
        <span className="seg-vision swatch" /> {t('model.vision')}
      </p>
    </div>
  )
}
