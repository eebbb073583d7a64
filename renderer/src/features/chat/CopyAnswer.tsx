// Copies an answer to the clipboard as the Markdown the model wrote, or as the plain text it
// reads as (taken from the rendered answer next to the button, so lists, tables and code read as
// shown).
import { useTranslation } from 'react-i18next'
import { Icon } from '../../lib/Icon'
import { useActions } from '../../store/use-app-store'
import { catalogueText } from '../../lib/notice-text'

export function CopyAnswer(props: { markdown: string }): React.JSX.Element {
  const { t } = useTranslation()
  const { notify, notifyError } = useActions()
  const copy = (text: string): void => {
    navigator.clipboard.writeText(text).then(
      () => notify('info', catalogueText('chat.copied')),
      (error: unknown) => notifyError(error)
    )
  }
  return (
    <span className="copy-answer">
      <button
        type="button"
        className="link"
        title={t('chat.copyMarkdownHint')}
        onClick={() => copy(props.markdown)}
      >
        <Icon name="copy" /> {t('chat.copyMarkdown')}
      </button>
      <button
        type="button"
        className="link"
        onClick={(event) => {
          const rendered = event.currentTarget
            .closest('.answer-column, .bubble')
            ?.querySelector<HTMLElement>('.markdown')
          copy(rendered?.innerText ?? props.markdown)
        }}
      >
        {t('chat.copyText')}
      </button>
    </span>
  )
}
