// One numeric generation option in the settings form, checked as it is typed with the contract's
// own rule. A refused value never leaves the field: its message shows under it, and once the
// field is left it shows the value in effect again.
import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import {
  GENERATION_OPTION_SPECS,
  parseOptionText,
  type GenerationOptionKey,
  type OptionParse
} from '../../../../preload/contract/generation-options'
import { refusalText } from '../../lib/refusal-text'

export type NumberOptionKey = Exclude<GenerationOptionKey, 'doSample'>

interface OptionFieldProps {
  readonly optionKey: NumberOptionKey
  /** The value in effect. */
  readonly value: number
  readonly onCommit: (value: number) => void
}

export function OptionField({ optionKey, value, onCommit }: OptionFieldProps): React.JSX.Element {
  const { t } = useTranslation()
  const spec = GENERATION_OPTION_SPECS[optionKey]
  const inputId = useId()
  const messageId = useId()
  // Null while the field is not being edited: it then shows the value in effect.
  const [typed, setTyped] = useState<string | null>(null)
  const [refusal, setRefusal] = useState<string | null>(null)
  const check = (text: string): OptionParse<number> => {
    const parsed = parseOptionText(optionKey, text)
    setRefusal(parsed.ok ? null : refusalText(t, parsed.refusal))
    return parsed
  }
  const commit = (): void => {
    if (typed === null) return
    const parsed = check(typed)
    setTyped(null)
    if (parsed.ok && parsed.value !== value) onCommit(parsed.value)
  }
  return (
    // The message sits outside the label, so that the field's name stays its label alone.
    <div className="field" data-option={spec.name}>
      <label htmlFor={inputId}>{t(`settings.${optionKey}`)}</label>
      <input
        id={inputId}
        type="number"
        min={spec.min}
        max={spec.max}
        step={spec.step}
        value={typed ?? String(value)}
        aria-invalid={refusal !== null}
        aria-describedby={refusal === null ? undefined : messageId}
        onChange={(event) => {
          setTyped(event.target.value)
          check(event.target.value)
        }}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit()
        }}
      />
      {refusal !== null && (
        <span id={messageId} className="field-error" role="alert">
          {refusal}
        </span>
      )}
    </div>
  )
}
