// Generation settings of the open conversation, with the seed's defaults and bounds; each change
// is saved at once.
import { useTranslation } from 'react-i18next'
import type { GenerationOptionsData } from '../../../../preload/contract/types'
import { useActions, useAppStore } from '../../store/use-app-store'
import { ApiServerSection } from './ApiServerSection'

type NumberKey = Exclude<keyof GenerationOptionsData, 'doSample'>

const FIELDS: readonly { key: NumberKey; min: number; max: number; step: number }[] = [
  { key: 'numBeams', min: 1, max: 10, step: 1 },
  { key: 'temperature', min: 0.1, max: 2, step: 0.1 },
  { key: 'topK', min: 0, max: 100, step: 1 },
  { key: 'topP', min: 0.05, max: 1, step: 0.05 },
  { key: 'repetitionPenalty', min: 1, max: 2, step: 0.05 },
  { key: 'maxNewTokens', min: 1, max: 4096, step: 1 },
  { key: 'seed', min: 0, max: 2 ** 31 - 1, step: 1 }
]

export function SettingsPanel(): React.JSX.Element {
  return (
    <>
      <GenerationSettings />
      <ApiServerSection />
    </>
  )
}

function GenerationSettings(): React.JSX.Element {
  const { t } = useTranslation()
  const settings = useAppStore((s) => s.conversation?.settings ?? null)
  const { updateOptions, updateSystem, resetSettings } = useActions()
  if (!settings) return <p className="muted">{t('settings.noConversation')}</p>
  const { options } = settings
  return (
    <form
      className="settings"
      aria-label={t('settings.title')}
      onSubmit={(e) => e.preventDefault()}
    >
      <h2>{t('settings.title')}</h2>
      <label className="row">
        <input
          type="checkbox"
          checked={options.doSample}
          onChange={(event) => void updateOptions({ doSample: event.target.checked })}
        />
        {t('settings.doSample')}
      </label>
      {FIELDS.map(({ key, min, max, step }) => (
        <label key={key} className="field">
          <span>{t(`settings.${key}`)}</span>
          <input
            type="number"
            min={min}
            max={max}
            step={step}
            defaultValue={options[key]}
            key={`${key}-${options[key]}`}
            onBlur={(event) => {
              const value = Number(event.target.value)
              if (Number.isFinite(value) && value !== options[key])
                void updateOptions({ [key]: value })
            }}
          />
        </label>
      ))}
      <label className="field">
        <span>{t('settings.system')}</span>
        <textarea
          defaultValue={settings.system}
          key={settings.system}
          rows={3}
          onBlur={(event) => {
            if (event.target.value !== settings.system) void updateSystem(event.target.value)
          }}
        />
      </label>
      <button type="button" onClick={() => void resetSettings()}>
        {t('settings.reset')}
      </button>
    </form>
  )
}
