// The model panel: state, where the loaded model's layers run, load progress, converted models,
// a folder to load, the demo model, the placement preview with an editable split, restart, and
// conversion of the seed's files.
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { placementDetail } from '../../lib/placement-text'
import { useActions, useAppStore } from '../../store/use-app-store'
import { ConvertForm } from './ConvertForm'
import { PlacementBars } from './PlacementBars'

function parseSplit(text: string): number[] | undefined {
  const parts = text
    .split(/[,\s]+/)
    .filter(Boolean)
    .map(Number)
  return parts.length > 0 && parts.every((n) => Number.isFinite(n) && n >= 0) ? parts : undefined
}

export function ModelPanel(): React.JSX.Element {
  const { t } = useTranslation()
  const model = useAppStore((s) => s.model)
  const progress = useAppStore((s) => s.progress)
  const packages = useAppStore((s) => s.packages)
  const plan = useAppStore((s) => s.plan)
  const { refreshModels, loadModel, loadDemo, restartModel, previewPlacement } = useActions()
  const [path, setPath] = useState(model.packagePath ?? '')
  const [split, setSplit] = useState('')
  useEffect(() => {
    void refreshModels()
  }, [refreshModels])
  return (
    <section className="model-panel" aria-label={t('model.title')}>
      <h2>{t('model.title')}</h2>
      <div className="model-summary">
        <p>
          <span className={`status-dot status-${model.state}`} aria-hidden="true" />
          {t('model.state')}:{' '}
          <strong data-state={model.state}>{t(`model.states.${model.state}`)}</strong>
        </p>
        {model.packagePath && <p className="muted small model-path">{model.packagePath}</p>}
        {model.state === 'ready' && model.placement && (
          <p className="loaded-placement small">{placementDetail(model.placement, t)}</p>
        )}
        {progress && model.state === 'loading' && (
          <div className="row">
            <progress
              max={progress.total || 1}
              value={progress.done}
              aria-label={t('model.progress', progress)}
            />
            <span className="small">{t('model.progress', progress)}</span>
          </div>
        )}
      </div>
      {model.demo && (
        <p className="demo-notice" role="note">
          {t('model.demoNotice')}
        </p>
      )}
      {model.error && (
        <p className="error" role="alert">
          {model.error}
        </p>
      )}
      <div className="row panel-actions">
        <button type="button" onClick={() => void loadDemo()}>
          {t('model.useDemo')}
        </button>
        <button type="button" onClick={() => void restartModel()}>
          {t('model.restart')}
        </button>
      </div>
      <h3>{t('model.packages')}</h3>
      {packages.length === 0 && <p className="muted small">{t('model.noPackages')}</p>}
      <ul className="packages">
        {packages.map((entry) => (
          <li key={entry.path}>
            <span className="package-name">{entry.name}</span>
            {entry.demo && <span className="badge badge-demo small">{t('model.demoBadge')}</span>}
            <button type="button" onClick={() => void loadModel(entry.path, parseSplit(split))}>
              {t('model.load')}
            </button>
          </li>
        ))}
      </ul>
      <h3>{t('model.loadTitle')}</h3>
      <label className="field">
        <span>{t('model.loadPath')}</span>
        <input value={path} onChange={(event) => setPath(event.target.value)} />
      </label>
      <label className="field">
        <span>{t('model.split')}</span>
        <input value={split} onChange={(event) => setSplit(event.target.value)} />
      </label>
      <div className="row panel-actions">
        <button
          type="button"
          className="primary"
          disabled={!path}
          onClick={() => void loadModel(path, parseSplit(split))}
        >
          {t('model.load')}
        </button>
        <button
          type="button"
          disabled={!path}
          onClick={() => void previewPlacement(path, parseSplit(split))}
        >
          {t('model.preview')}
        </button>
      </div>
      {plan && (
        <PlacementBars
          plan={plan}
          onSplit={(next) => {
            setSplit(next.join(','))
            void previewPlacement(path, next)
          }}
        />
      )}
      <ConvertForm />
    </section>
  )
}
