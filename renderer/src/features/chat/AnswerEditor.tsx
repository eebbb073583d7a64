// Edits a finished answer by hand: the model's words become the user's, marked as edited, and
// the questions after it build on them.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useActions } from '../../store/use-app-store'

export function AnswerEditor(props: {
  turnId: string
  response: string
  onClose: () => void
}): React.JSX.Element {
  const { t } = useTranslation()
  const { editAnswer } = useActions()
  const [text, setText] = useState(props.response)
  return (
    <form
      className="answer-editor"
      onSubmit={(event) => {
        event.preventDefault()
        props.onClose()
        void editAnswer(props.turnId, text)
      }}
    >
      <textarea
        aria-label={t('chat.editAnswer')}
        value={text}
        rows={Math.min(16, Math.max(4, text.split('\n').length + 1))}
        onChange={(event) => setText(event.target.value)}
      />
      <button type="submit">{t('chat.saveAnswer')}</button>
      <button type="button" onClick={props.onClose}>
        {t('chat.cancel')}
      </button>
    </form>
  )
}
