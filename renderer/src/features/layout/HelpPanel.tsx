// Keys, labels and slash commands, in the current language.
import { useTranslation } from 'react-i18next'

const COMMANDS = ['help', 'clear', 'clh', 'his', 'img', 'seed', 'conf', 'reset-conf'] as const

export function HelpPanel(): React.JSX.Element {
  const { t } = useTranslation()
  return (
    <section className="help" aria-label={t('help.title')}>
      <h2>{t('help.title')}</h2>
      <p>{t('help.keys')}</p>
      <p>{t('help.labels')}</p>
      <dl>
        {COMMANDS.map((name) => (
          <div key={name} className="row">
            <dt>
              <code>/{name}</code>
            </dt>
            <dd>{t(`help.commands.${name}`)}</dd>
          </div>
        ))}
      </dl>
    </section>
  )
}
