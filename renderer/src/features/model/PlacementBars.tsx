// Per-device bars of the placement preview: weights, KV cache and vision tower against capacity
// (drawn, and written out under each bar),
// with the decoder layers of each device editable in place: a count per device, the last device
// (the CPU) taking the rest, sent back as the split for a new preview.
import { useTranslation } from 'react-i18next'
import type { PlacementBar, PlacementPreview } from '../../../../preload/contract/types'
import { formatBytes } from '../../lib/format-bytes'

const layerCount = (bar: PlacementBar): number => (bar.layers ? bar.layers[1] - bar.layers[0] : 0)

/** The split with device `index` set to `count` layers and the last device taking the rest. */
export function splitWith(bars: readonly PlacementBar[], index: number, count: number): number[] {
  const total = bars.reduce((sum, bar) => sum + layerCount(bar), 0)
  const counts = bars.map(layerCount)
  const others = counts.slice(0, -1).reduce((sum, n, i) => sum + (i === index ? 0 : n), 0)
  counts[index] = Math.max(0, Math.min(Math.floor(count), total - others))
  counts[counts.length - 1] = total - counts.slice(0, -1).reduce((sum, n) => sum + n, 0)
  return counts
}

function LayerInput(props: {
  plan: PlacementPreview
  index: number
  onSplit: (split: number[]) => void
}): React.JSX.Element {
  const { t } = useTranslation()
  const { plan, index } = props
  const bar = plan.bars[index]
  const total = plan.bars.reduce((sum, b) => sum + layerCount(b), 0)
  if (index === plan.bars.length - 1) {
    return (
      <span className="small muted">
        {t('model.restOn', { count: layerCount(bar), device: bar.device })}
      </span>
    )
  }
  return (
    <input
      type="number"
      className="layer-count"
      min={0}
      max={total}
      value={layerCount(bar)}
      aria-label={t('model.layersOn', { device: bar.device })}
      onChange={(event) => {
        const value = Number(event.target.value)
        if (Number.isFinite(value)) props.onSplit(splitWith(plan.bars, index, value))
      }}
    />
  )
}

export function PlacementBars(props: {
  plan: PlacementPreview
  onSplit?: (split: number[]) => void
}): React.JSX.Element {
  const { t } = useTranslation()
  const { onSplit } = props
  return (
    <div className="placement">
      <p className={props.plan.fits ? 'small' : 'error small'}>{props.plan.summary}</p>
      {props.plan.bars.map((bar, index) => {
        // A part too small to see at this scale still shows as a sliver.
        const part = (bytes: number): string =>
          bytes > 0
            ? `max(2px, ${Math.min(100, (bytes / Math.max(1, bar.capacityBytes)) * 100)}%)`
            : '0'
        return (
          <div key={bar.device} className="placement-row">
            <span className="small">
              {bar.device}
              {bar.layers ? ` · L${bar.layers[0]}–${bar.layers[1] - 1}` : ''} ·{' '}
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
            <p className="placement-bytes small">
              {t('model.bytesLine', {
                weights: formatBytes(bar.weightsBytes),
                kv: formatBytes(bar.kvCacheBytes),
                vision: formatBytes(bar.visionBytes),
                used: formatBytes(bar.weightsBytes + bar.kvCacheBytes + bar.visionBytes),
                capacity: formatBytes(bar.capacityBytes)
              })}
            </p>
            {onSplit && props.plan.bars.length > 1 && (
              <LayerInput plan={props.plan} index={index} onSplit={onSplit} />
            )}
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
