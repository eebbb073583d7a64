// The question box: text (Enter sends, Shift+Enter adds a line), attachments by picker, paste or
// drop, images kept by "clear history", and send / stop.
import { useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { Icon } from '../../lib/Icon'
import { imageBudget } from '../../lib/image-budget'
import { labelFor } from '../../../../preload/contract/labels'
import { useActions, useAppStore } from '../../store/use-app-store'
import { AttachmentChip } from './AttachmentChip'

export function Composer(props: { busy: boolean }): React.JSX.Element {
  const { t } = useTranslation()
  const text = useAppStore((s) => s.text)
  const pending = useAppStore((s) => s.pending)
  const conversation = useAppStore((s) => s.conversation)
  const modelState = useAppStore((s) => s.model.state)
  // Questions need a model; slash commands do not.
  const waiting =
    modelState === 'ready' || modelState === 'restarting' || text.trim().startsWith('/')
      ? null
      : t(`composer.waitingFor.${modelState}`)
  const { setText, submit, stop, addFiles, dismissFailed } = useActions()
  const failed = pending.filter((item) => item.status === 'error').length
  const picker = useRef<HTMLInputElement>(null)
  const known = conversation?.attachments ?? []
  const carried = known.filter((a) => conversation?.carriedAttachmentIds.includes(a.id))
  let next = known.length
  const labels = pending.map((item) => {
    if (item.status !== 'ready' || !item.info) return null
    const existing = known.find((a) => a.id === item.info?.id)
    return existing ? existing.label : labelFor(next++)
  })
  const budget = imageBudget(pending, carried)
  return (
    <div className="composer">
      {carried.length > 0 && (
        <p className="muted small carried">
          {t('chat.imagesKept', { labels: carried.map((a) => a.label).join(', ') })}
        </p>
      )}
      {failed > 1 && (
        <p className="small failed-files">
          <span className="error">{t('files.failed', { count: failed })}</span>{' '}
          <button type="button" className="link" onClick={dismissFailed}>
            {t('files.dismissAll')}
          </button>
        </p>
      )}
      {pending.length > 0 && (
        <ul className="chips" aria-label={t('composer.attach')}>
          {pending.map((item, index) => (
            <AttachmentChip key={item.key} item={item} label={labels[index]} />
          ))}
        </ul>
      )}
      {budget.images > 0 && (
        <p className="muted small image-budget">
          {t('composer.budget', { count: budget.images, tokens: budget.imageTokens })}
        </p>
      )}
      <form
        className="composer-row"
        onSubmit={(event) => {
          event.preventDefault()
          void submit()
        }}
      >
        <button
          type="button"
          className="icon"
          aria-label={t('composer.attach')}
          onClick={() => picker.current?.click()}
        >
          <Icon name="attach" />
        </button>
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          accept="image/*,video/*"
          aria-label={t('composer.attach')}
          onChange={(event) => {
            void addFiles(Array.from(event.target.files ?? []))
            event.target.value = ''
          }}
        />
        <textarea
          aria-label={t('composer.message')}
          placeholder={t('composer.placeholder')}
          value={text}
          rows={Math.min(8, Math.max(2, text.split('\n').length))}
          onChange={(event) => setText(event.target.value)}
          onPaste={(event) => {
            const files = Array.from(event.clipboardData.files)
            if (files.length > 0) {
              event.preventDefault()
              void addFiles(files)
            }
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
              event.preventDefault()
              // Slash commands work while an answer streams; questions wait for it.
              if ((!props.busy && !waiting) || text.trim().startsWith('/')) void submit()
            }
          }}
        />
        {props.busy ? (
          <button type="button" className="danger" onClick={() => void stop()}>
            {t('chat.stop')}
          </button>
        ) : (
          <button
            type="submit"
            className="primary"
            disabled={waiting !== null}
            aria-describedby={waiting ? 'send-waiting' : undefined}
          >
            {t('composer.send')}
          </button>
        )}
      </form>
      {waiting && (
        <p id="send-waiting" className="small waiting" role="status">
          {waiting}
        </p>
      )}
      <p className="muted small hint">{t('composer.commandsHint')}</p>
    </div>
  )
}
