// The app shell: conversation list (a drawer in narrow windows), top bar, notices, chat and the
// side panel (over the chat in narrow windows); the confirmation dialog; window-wide drop target
// and shortcuts; theme and language follow the store.
import { useCallback, useEffect, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { useActions, useAppStore } from '../../store/use-app-store'
import { ChatView } from '../chat/ChatView'
import { MediaViewer } from '../chat/MediaViewer'
import { ComparisonView } from '../compare/ComparisonView'
import { Icon } from '../../lib/Icon'
import { ModelPanel } from '../model/ModelPanel'
import { SettingsPanel } from '../settings/SettingsPanel'
import { Sidebar } from '../sidebar/Sidebar'
import { ConfirmDialog } from './ConfirmDialog'
import { HelpPanel } from './HelpPanel'
import { Notices } from './Notices'
import { TopBar } from './TopBar'
import { useShortcuts } from './use-shortcuts'
import { useWindowDrop } from './use-window-drop'

const PANELS = {
  settings: SettingsPanel,
  model: ModelPanel,
  compare: ComparisonView,
  help: HelpPanel
}

export function App(): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const theme = useAppStore((s) => s.theme)
  const language = useAppStore((s) => s.language)
  const panel = useAppStore((s) => s.panel)
  const drawer = useAppStore((s) => s.drawer)
  const expanded = useAppStore((s) => s.panelExpanded)
  const actions = useActions()
  const onFiles = useCallback((files: File[]) => void actions.addFiles(files), [actions])
  const dragging = useWindowDrop(onFiles)
  const shortcuts = useMemo(
    () => ({
      newConversation: () => void actions.newConversation(),
      stop: () => void actions.stop()
    }),
    [actions]
  )
  useShortcuts(shortcuts)
  useEffect(() => {
    document.documentElement.dataset.theme = theme
  }, [theme])
  useEffect(() => {
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en'
    void i18n.changeLanguage(language)
  }, [language, i18n])
  const Panel = panel === 'none' ? null : PANELS[panel]
  return (
    <div className={drawer ? 'app drawer-open' : 'app'}>
      <Sidebar />
      {drawer && (
        <div
          className="drawer-backdrop"
          aria-hidden="true"
          onClick={() => actions.setDrawer(false)}
        />
      )}
      <main className="main">
        <TopBar />
        <Notices />
        <div className="content">
          <ChatView />
          {Panel && (
            <aside className={expanded ? 'side-panel expanded' : 'side-panel'}>
              <button
                type="button"
                className="tool panel-close"
                aria-label={t('shell.closePanel')}
                title={t('shell.closePanel')}
                onClick={() => actions.setPanel(panel)}
              >
                <Icon name="close" />
              </button>
              <Panel />
            </aside>
          )}
        </div>
      </main>
      <ConfirmDialog />
      <MediaViewer />
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          {t('composer.dropHere')}
        </div>
      )}
    </div>
  )
}
