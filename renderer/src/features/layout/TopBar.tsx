// The bar above the chat: the drawer button (narrow windows), the conversation title, the model
// status, and the toolbar: panels, export, language, theme and, last and apart, clear history.
// Toolbar buttons are icons with their names on hover; below 900 px the toolbar folds into a
// menu where the names are written out.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { shownTitle } from '../../lib/conversation-title'
import { Icon, type IconName } from '../../lib/Icon'
import { useActions, useAppStore } from '../../store/use-app-store'
import type { Panel } from '../../store/types'
import { ModelStatusArea } from './ModelStatusArea'

function ToolButton(props: {
  icon: IconName
  label: string
  onClick: () => void
  disabled?: boolean
  pressed?: boolean
  className?: string
}): React.JSX.Element {
  return (
    <button
      type="button"
      className={['tool', props.className].filter(Boolean).join(' ')}
      title={props.label}
      disabled={props.disabled}
      aria-pressed={props.pressed}
      onClick={props.onClick}
    >
      <Icon name={props.icon} />
      <span className="tool-label">{props.label}</span>
    </button>
  )
}

export function TopBar(): React.JSX.Element {
  const { t } = useTranslation()
  const stored = useAppStore((s) => s.conversation?.title ?? null)
  const title = stored === null ? t('app.title') : shownTitle(stored, t)
  const hasConversation = useAppStore((s) => s.conversation !== null)
  const hasTurns = useAppStore((s) => (s.conversation?.turns.length ?? 0) > 0)
  const panel = useAppStore((s) => s.panel)
  const language = useAppStore((s) => s.language)
  const theme = useAppStore((s) => s.theme)
  const drawer = useAppStore((s) => s.drawer)
  const { setPanel, setLanguage, setTheme, requestClearHistory, exportConversation, setDrawer } =
    useActions()
  const [menuOpen, setMenuOpen] = useState(false)
  const toggle = (name: Panel, icon: IconName, label: string): React.JSX.Element => (
    <ToolButton icon={icon} label={label} pressed={panel === name} onClick={() => setPanel(name)} />
  )
  return (
    <header className="top-bar">
      <button
        type="button"
        className="tool drawer-button"
        aria-label={t('shell.conversations')}
        title={t('shell.conversations')}
        aria-expanded={drawer}
        onClick={() => setDrawer(!drawer)}
      >
        <Icon name="menu" />
      </button>
      <h1 className="title" title={title}>
        {title}
      </h1>
      <ModelStatusArea />
      <button
        type="button"
        className="tool menu-button"
        aria-label={t('shell.more')}
        title={t('shell.more')}
        aria-expanded={menuOpen}
        aria-controls="toolbar"
        onClick={() => setMenuOpen((open) => !open)}
      >
        <Icon name="more" />
      </button>
      <div
        id="toolbar"
        className={menuOpen ? 'toolbar open' : 'toolbar'}
        role="toolbar"
        aria-label={t('shell.tools')}
        onClick={(event) => {
          if ((event.target as HTMLElement).closest('button')) setMenuOpen(false)
        }}
      >
        {toggle('compare', 'compare', t('header.compare'))}
        {toggle('settings', 'sliders', t('header.settings'))}
        {toggle('model', 'chip', t('header.model'))}
        {toggle('help', 'help', t('header.help'))}
        <span className="tool-separator" aria-hidden="true" />
        <ToolButton
          icon="download"
          label={t('header.exportMarkdown')}
          disabled={!hasConversation}
          onClick={() => void exportConversation('markdown')}
        />
        <ToolButton
          icon="braces"
          label={t('header.exportJson')}
          disabled={!hasConversation}
          onClick={() => void exportConversation('instruction-json')}
        />
        <span className="tool-separator" aria-hidden="true" />
        <label className="tool language" title={t('header.language')}>
          <Icon name="globe" />
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
        <ToolButton
          icon={theme === 'dark' ? 'sun' : 'moon'}
          label={theme === 'dark' ? t('header.light') : t('header.dark')}
          onClick={() => void setTheme(theme === 'dark' ? 'light' : 'dark')}
        />
        <span className="tool-separator" aria-hidden="true" />
        <ToolButton
          icon="eraser"
          label={t('header.clearHistory')}
          className="tool-danger"
          disabled={!hasTurns}
          onClick={requestClearHistory}
        />
      </div>
    </header>
  )
}
