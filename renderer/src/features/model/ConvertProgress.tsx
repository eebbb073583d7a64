// The running conversion: a progress bar, the share done, an estimate of the time left (from the
// rate so far, worked out in the store) and Cancel.
import { useTranslation } from 'react-i18next'
import { useActions, useAppStore } from '../../store/use-app-store'

export function ConvertProgress(): React.JSX.Element {
  const { t } = useTranslation()
  const { cancelConvert } = useActions()
  const progress = useAppStore((s) => s.progress)
  const eta = useAppStore((s) => s.etaSeconds)
  const total = progress?.total || 1
  const done = progress?.done ?? 0
  const percent = Math.floor((100 * done) / total)
  return (
    <div className="convert-progress" role="status">
      <progress max={total} value={done} aria-label={t('model.realModel.converting')} />
      <span className="small">
        {t('model.realModel.percent', { percent })}
        {' · '}
        {eta === null
          ? t('model.realModel.etaUnknown')
          : t('model.realModel.eta', {
              minutes: Math.floor(eta / 60),
              seconds: eta % 60
            })}
      </span>
      <button type="button" onClick={() => void cancelConvert()}>
        {t('model.realModel.cancel')}
      </button>
    </div>
  )
}
