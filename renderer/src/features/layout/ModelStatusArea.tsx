// The model at a glance, in the top bar: which model (the demo badge when its weights are
// random), its state with load progress, where its layers run (in full on hover), and the speed
// of the open conversation's last answer.
import { useTranslation } from 'react-i18next'
import { placementDetail, placementShort } from '../../lib/placement-text'
import { useActions, useAppStore } from '../../store/use-app-store'

export function ModelStatusArea(): React.JSX.Element {
  const { t } = useTranslation()
  const model = useAppStore((s) => s.model)
  const progress = useAppStore((s) => s.progress)
  const rate = useAppStore((s) => {
    const stats = s.conversation?.turns.findLast((turn) => turn.stats)?.stats
    return stats ? stats.decodeTokensPerSec : null
  })
  const { setPanel } = useActions()
  const name = model.packagePath?.split(/[\\/]/).filter(Boolean).at(-1) ?? null
  const percent =
    progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : null
  // The demo package is being made (no folder yet): no steps to count, so the bar just moves.
  const building = model.state === 'loading' && model.demo && model.packagePath === null
  const placement = model.state === 'ready' ? model.placement : null
  const detail = placement ? placementDetail(placement, t) : null
  return (
    <div className="model-status" data-model-state={model.state}>
      {model.demo && model.state !== 'none' && (
        <span className="badge badge-demo" role="note">
          {t('model.demoBadge')}
        </span>
      )}
      <button
        type="button"
        className="model-status-button"
        title={detail ? `${t('shell.openModelPanel')}\n${detail}` : t('shell.openModelPanel')}
        onClick={() => setPanel('model')}
      >
        <span className={`status-dot status-${model.state}`} aria-hidden="true" />
        <span className="model-status-text">
          {!model.demo && name ? `${name} · ` : ''}
          {building ? t('model.buildingDemo') : t(`model.states.${model.state}`)}
          {percent !== null && model.state === 'loading' && ` ${percent}%`}
          {placement && (
            <span className="model-placement">{` · ${placementShort(placement, t)}`}</span>
          )}
          {rate !== null &&
            model.state === 'ready' &&
            ` · ${t('chat.speed', { rate: rate.toFixed(1) })}`}
        </span>
      </button>
      {model.state === 'loading' && (
        <progress
          className="model-progress"
          aria-label={t('model.loadingProgress')}
          max={percent === null ? undefined : 100}
          value={percent === null ? undefined : percent}
        />
      )}
    </div>
  )
}
