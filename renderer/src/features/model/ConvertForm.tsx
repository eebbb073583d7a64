// Converting the seed's checkpoint files (EVA ViT-g, BLIP-2, Qwen-7B-Chat folder, MPP SFT) into a
// model package, with progress from main.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useActions, useAppStore } from '../../store/use-app-store'

const SOURCES = ['vit', 'blip2', 'llm', 'sft'] as const
type Source = (typeof SOURCES)[number]

export function ConvertForm(): React.JSX.Element {
  const { t } = useTranslation()
  const { convertModel } = useActions()
  const progress = useAppStore((s) => s.progress)
  const [paths, setPaths] = useState<Record<Source, string>>({
    vit: '',
    blip2: '',
    llm: '',
    sft: ''
  })
  const [name, setName] = useState('mpp-qwen7b')
  const [dtype, setDtype] = useState<'fp32' | 'fp16' | 'int4'>('fp16')
  const [running, setRunning] = useState(false)
  const ready = SOURCES.every((key) => paths[key]) && name !== ''
  return (
    <form
      className="convert"
      aria-label={t('model.convertTitle')}
      onSubmit={(event) => {
        event.preventDefault()
        setRunning(true)
        void convertModel({ ...paths, name, dtype }).finally(() => setRunning(false))
      }}
    >
      <h3>{t('model.convertTitle')}</h3>
      {SOURCES.map((key) => (
        <label key={key} className="field">
          <span>{t(`model.sources.${key}`)}</span>
          <input
            value={paths[key]}
            onChange={(event) => setPaths({ ...paths, [key]: event.target.value })}
          />
        </label>
      ))}
      <label className="field">
        <span>{t('model.convertName')}</span>
        <input value={name} onChange={(event) => setName(event.target.value)} />
      </label>
      <label className="field">
        <span>{t('model.dtype')}</span>
        <select value={dtype} onChange={(event) => setDtype(event.target.value as typeof dtype)}>
          <option value="fp16">fp16</option>
          <option value="fp32">fp32</option>
          <option value="int4">int4</option>
        </select>
      </label>
      {running && progress && (
        <progress
          max={progress.total || 1}
          value={progress.done}
          aria-label={t('model.progress', progress)}
        />
      )}
      <button type="submit" disabled={!ready || running}>
        {t('model.convert')}
      </button>
    </form>
  )
}
