// The bar above the chat: conversation title, the demo-model badge, panel toggles, export,
// clear history, language and theme.
import { useTranslation } from 'react-i18next'
import { useActions, useAppStore } from '../../store/use-app-store'
import type { Panel } from '../../store/types'

export function TopBar(): React.JSX.Element {
  const { t } = useTranslation()
  const title = useAppStore((s) => s.conversation?.title ?? t('app.title'))
  const hasConversation = useAppStore((s) => s.conversation !== null)
  const demo = useAppStore((s) => s.model.demo && s.model.state !== 'none')
  const panel = useAppStore((s) => s.panel)
  const language = useAppStore((s) => s.language)
  const theme = useAppStore((s) => s.theme)
  const { setPanel, setLanguage, setTheme, clearHistory, exportConversation } = useActions()
  const toggle = (name: Panel, label: string): React.JSX.Element => (
    <button type="button" aria-pressed={panel === name} onClick={() => setPanel(name)}>
      {label}
    </button>
  )
  return (
    <header className="top-bar">
      <h1 className="title">{title}</h1>
      {demo && (
        <span className="badge badge-demo" role="note">
          {t('model.demoBadge')}
        </span>
      )}
      <div className="toolbar" role="toolbar" aria-label={t('app.title')}>
        <button type="button" disabled={!hasConversation} onClick={() => void clearHistory()}>
          {t('header.clearHistory')}
        </button>
        <button
          type="button"
          disabled={!hasConversation}
          onClick={() => void exportConversation('markdown')}
        >
          {t('header.exportMarkdown')}
        </button>
        <button
          type="button"
          disabled={!hasConversation}
          onClick={() => void exportConversation('instruction-json')}
        >
          {t('header.exportJson')}
        </button>
        {toggle('compare', t('header.compare'))}
        {toggle('settings', t('header.settings'))}
        {toggle('model', t('header.model'))}
        {toggle('help', t('header.help'))}
        <label className="inline">
          <span className="sr-only">{t('header.language')}</span>
          <select
            aria-label={t('header.language')}
            value={language}
            onChange={(event) => void setLanguage(event.target.value === 'zh' ? 'zh' : 'en')}
          >
            <option value="en">English</option>
            <option value="zh">中文</option>
          </select>
        </label>
        <button
          type="button"
          title={t('header.theme')}
          onClick={() => void setTheme(theme === 'dark' ? 'light' : 'dark')}
        >
          {theme === 'dark' ? t('header.light') : t('header.dark')}
        </button>
      </div>
    </header>
  )
}
