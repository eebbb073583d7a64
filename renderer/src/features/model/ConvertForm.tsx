// "Get the real model": the seed's files to download with their sizes and the disk space the
// converted package needs, then pickers or path fields for them (where the engine may read paths),
// Convert with the reason it is disabled, and progress with an estimate and Cancel. The store loads
// the package once it is converted.
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ID_PATTERN } from '../../../../preload/contract/ids'
import { useActions, useAppStore } from '../../store/use-app-store'
import { ConvertProgress } from './ConvertProgress'
import {
  PACKAGE_GIGABYTES,
  SEED_DOWNLOADS,
  downloadGigabytes,
  type PackageDtype,
  type SourceKey
} from './real-model-files'

const DTYPES: readonly PackageDtype[] = ['fp16', 'int4', 'fp32']

export function ConvertForm(): React.JSX.Element {
  const { t } = useTranslation()
  const { convertModel, checkPathsAllowed, pickPath } = useActions()
  const packages = useAppStore((s) => s.packages)
  const pathsAllowed = useAppStore((s) => s.pathsAllowed)
  const canPickPaths = useAppStore((s) => s.canPickPaths)
  const [paths, setPaths] = useState<Record<SourceKey, string>>({
    vit: '',
    blip2: '',
    llm: '',
    sft: ''
  })
  const [name, setName] = useState('mpp-qwen7b')
  const [dtype, setDtype] = useState<PackageDtype>('fp16')
  const [running, setRunning] = useState(false)
  useEffect(() => {
    void checkPathsAllowed()
  }, [checkPathsAllowed])

  const missing = SEED_DOWNLOADS.find((entry) => paths[entry.key].trim() === '')
  const reason = missing
    ? t('model.realModel.needs', { what: t(`model.sources.${missing.key}`) })
    : !ID_PATTERN.test(name)
      ? t('model.realModel.badName')
      : packages.some((entry) => entry.name === name)
        ? t('model.realModel.nameTaken', { name })
        : null

  return (
    <section className="convert" aria-label={t('model.realModel.title')}>
      <h3>{t('model.realModel.title')}</h3>
      <p className="small">{t('model.realModel.intro')}</p>
      <ul className="downloads" aria-label={t('model.realModel.downloads')}>
        {SEED_DOWNLOADS.map((entry) => (
          <li key={entry.key}>
            <code>{entry.name}</code>
            {' · '}
            <span>{t('model.realModel.size', { gb: entry.gigabytes })}</span>
            <span className="muted small"> · {entry.source}</span>
          </li>
        ))}
      </ul>
      <p className="small">
        {t('model.realModel.diskNeeded', {
          download: downloadGigabytes().toFixed(0),
          fp16: PACKAGE_GIGABYTES.fp16,
          int4: PACKAGE_GIGABYTES.int4,
          fp32: PACKAGE_GIGABYTES.fp32
        })}
      </p>
      {pathsAllowed === false && (
        <p className="demo-notice" role="note">
          {t('model.realModel.webNoPaths')}
        </p>
      )}
      {pathsAllowed && (
        <form
          aria-label={t('model.convertTitle')}
          onSubmit={(event) => {
            event.preventDefault()
            if (reason || running) return
            setRunning(true)
            const input = {
              vit: paths.vit.trim(),
              blip2: paths.blip2.trim(),
              llm: paths.llm.trim(),
              sft: paths.sft.trim(),
              name,
              dtype
            }
            void convertModel(input).finally(() => setRunning(false))
          }}
        >
          {SEED_DOWNLOADS.map((entry) => (
            <div key={entry.key} className="field path-field">
              <label>
                <span>{t(`model.sources.${entry.key}`)}</span>
                <input
                  value={paths[entry.key]}
                  disabled={running}
                  onChange={(event) => setPaths({ ...paths, [entry.key]: event.target.value })}
                />
              </label>
              {canPickPaths && (
                <button
                  type="button"
                  disabled={running}
                  aria-label={t('model.realModel.browseFor', {
                    what: t(`model.sources.${entry.key}`)
                  })}
                  onClick={() => {
                    void pickPath(entry.kind).then((picked) => {
                      if (picked) setPaths((current) => ({ ...current, [entry.key]: picked }))
                    })
                  }}
                >
                  {t('model.realModel.browse')}
                </button>
              )}
            </div>
          ))}
          <label className="field">
            <span>{t('model.convertName')}</span>
            <input
              value={name}
              disabled={running}
              onChange={(event) => setName(event.target.value)}
            />
          </label>
          <label className="field">
            <span>{t('model.dtype')}</span>
            <select
              value={dtype}
              disabled={running}
              onChange={(event) => setDtype(event.target.value as PackageDtype)}
            >
              {DTYPES.map((option) => (
                <option key={option} value={option}>
                  {t(`model.realModel.dtypes.${option}`, { gb: PACKAGE_GIGABYTES[option] })}
                </option>
              ))}
            </select>
          </label>
          {running && <ConvertProgress />}
          <button
            type="submit"
            className="primary"
            disabled={reason !== null || running}
            aria-describedby={reason ? 'convert-reason' : undefined}
          >
            {t('model.convert')}
          </button>
          {reason && !running && (
            <p id="convert-reason" className="muted small">
              {reason}
            </p>
          )}
        </form>
      )}
    </section>
  )
}
