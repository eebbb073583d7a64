// Generation settings, for the open conversation or as the defaults new conversations start
// with (the user picks which). The fields show the values in effect and refuse an out-of-range
// value at the field, with the contract's ranges and words; each accepted change is saved at once.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { GENERATION_OPTION_KEYS } from '../../../../preload/contract/generation-options'
import type { ChatSettings } from '../../../../preload/contract/types'
import { useActions, useAppStore } from '../../store/use-app-store'
import { OptionField, type NumberOptionKey } from './OptionField'

type Scope = 'conversation' | 'defaults'

const NUMBER_KEYS = GENERATION_OPTION_KEYS.filter(
  (key): key is NumberOptionKey => key !== 'doSample'
)

export function SettingsPanel(): React.JSX.Element {
  const { t } = useTranslation()
  const conversation = useAppStore((s) => s.conversation)
  const chatDefaults = useAppStore((s) => s.chatDefaults)
  const actions = useActions()
  const [chosen, setChosen] = useState<Scope>('conversation')
  // With no conversation open, only the defaults can be changed.
  const scope: Scope = conversation ? chosen : 'defaults'
  const settings: ChatSettings =
    scope === 'conversation' && conversation ? conversation.settings : chatDefaults
  const update = (patch: { options?: Partial<ChatSettings['options']>; system?: string }): void => {
    if (scope === 'defaults') void actions.updateDefaults(patch)
    else if (patch.options) void actions.updateOptions(patch.options)
    else if (patch.system !== undefined) void actions.updateSystem(patch.system)
  }
  const { options } = settings
  return (
    <form
      className="settings"
      aria-label={t('settings.title')}
      data-scope={scope}
      onSubmit={(e) => e.preventDefault()}
    >
      <h2>{t('settings.title')}</h2>
      <fieldset className="settings-scope">
        <legend>{t('settings.scope')}</legend>
        <label className="row">
          <input
            type="radio"
            name="settings-scope"
            checked={scope === 'conversation'}
            disabled={!conversation}
            onChange={() => setChosen('conversation')}
          />
          {t('settings.scopeConversation')}
        </label>
        <label className="row">
          <input
            type="radio"
            name="settings-scope"
            checked={scope === 'defaults'}
            onChange={() => setChosen('defaults')}
          />
          {t('settings.scopeDefaults')}
        </label>
        <p className="muted small">
          {scope === 'conversation'
            ? t('settings.appliesToConversation')
            : conversation
              ? t('settings.appliesToDefaults')
              : t('settings.noConversationDefaults')}
        </p>
      </fieldset>
      <label className="row">
        <input
          type="checkbox"
          checked={options.doSample}
          onChange={(event) => update({ options: { doSample: event.target.checked } })}
        />
        {t('settings.doSample')}
      </label>
      {NUMBER_KEYS.map((key) => (
        <OptionField
          // A new key per scope, so a half-typed value never carries over to the other scope.
          key={`${scope}-${key}`}
          optionKey={key}
          value={options[key]}
          onCommit={(value) => update({ options: { [key]: value } })}
        />
      ))}
      <label className="field">
        <span>{t('settings.system')}</span>
        <textarea
          defaultValue={settings.system}
          key={`${scope}-${settings.system}`}
          rows={3}
          onBlur={(event) => {
            if (event.target.value !== settings.system) update({ system: event.target.value })
          }}
        />
      </label>
      <button
        type="button"
        onClick={() =>
          void (scope === 'defaults' ? actions.resetDefaults() : actions.resetSettings())
        }
      >
        {scope === 'defaults' ? t('settings.resetDefaults') : t('settings.reset')}
      </button>
    </form>
  )
}
