// Converting the seed's checkpoint files into a model package, with progress from main.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useActions } from '../../store/use-app-store'

export function ConvertForm(): React.JSX.Element {
  const { t } = useTranslation()
  const { convertModel } = useActions()
  const [sourceDir, setSourceDir] = useState('')
  const [name, setName] = useState('mpp-qwen7b')
  return (
    <form
      className="convert"
      aria-label={t('model.convertTitle')}
      onSubmit={(event) => {
        event.preventDefault()
        void convertModel(sourceDir, name)
      }}
    >
      <h3>{t('model.convertTitle')}</h3>
      <label className="field">
        <span>{t('model.sourceDir')}</span>
        <input value={sourceDir} onChange={(event) => setSourceDir(event.target.value)} />
      </label>
      <label className="field">
        <span>{t('model.convertName')}</span>
        <input value={name} onChange={(event) => setName(event.target.value)} />
      </label>
      <button type="submit" disabled={!sourceDir || !name}>
        {t('model.convert')}
      </button>
    </form>
  )
}
