// Boots the desktop app from the Electron API it is given: single-instance lock, the data folder's
// lock (an `mpp serve` on the same folder makes the app say so and quit), app services over userData with the model host in a utilityProcess, the window, IPC; on quit, stops the
// model host before exiting.
import { join } from 'node:path'
import type * as Electron from 'electron'
import { DEMO_MODEL_NOTICE } from '../inference/demo-model'
import { ModelHostClient } from '../model-host/client'
import { createUtilityProcessAdapter } from '../model-host/utility-process-adapter'
import { createAppServices, type AppServices } from '../app'
import { openDataFolder, type OpenedDataFolder } from '../services/data-folder'
import { ensureDemoModelInJobHost } from '../services/host-jobs'
import { createMediaVideoTools } from '../services/media-video-tools'
import { forwardEvents, registerIpc } from './ipc-bridge'
import { registerPathPicker } from './path-picker'
import { APP_ENTRY_URL, registerAppScheme, serveAppScheme } from './app-protocol'
import { applyContentSecurityPolicy, createMainWindow, denyAllPermissions } from './main-window'

export type ElectronApi = Pick<
  typeof Electron,
  | 'app'
  | 'BrowserWindow'
  | 'ipcMain'
  | 'utilityProcess'
  | 'shell'
  | 'session'
  | 'protocol'
  | 'dialog'
>

export interface BootPaths {
  /** Folder of the built main bundles (out/main). */
  readonly mainDir: string
  readonly devUrl: string | null
}

export function bootApp(electron: ElectronApi, paths: BootPaths): void {
  const { app } = electron
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  registerAppScheme(electron.protocol)
  let services: AppServices | null = null
  let folder: OpenedDataFolder | null = null
  let window: Electron.BrowserWindow | null = null
  const rendererDir = join(paths.mainDir, '..', 'renderer')

  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore()
    window?.focus()
  })

  void app.whenReady().then(async () => {
    applyContentSecurityPolicy(electron.session.defaultSession)
    denyAllPermissions(electron.session.defaultSession)
    serveAppScheme(electron.protocol, rendererDir)
    try {
      folder = await openDataFolder(app.getPath('userData'), 'the MPP Desktop app')
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      electron.dialog.showErrorBox('MPP Desktop cannot open its data folder', message)
      app.quit()
      return
    }
    const adapter = createUtilityProcessAdapter(
      electron.utilityProcess,
      join(paths.mainDir, 'model-host.js')
    )
    const startHost = (): Promise<ModelHostClient> => ModelHostClient.start({ adapter })
    services = createAppServices({
      dataDir: app.getPath('userData'),
      // Exports are for the user: put them where people look for files they saved.
      exportsDir: join(app.getPath('documents'), 'MPP Desktop exports'),
      revealPath: (path) => electron.shell.showItemInFolder(path),
      video: createMediaVideoTools(),
      // Building the demo model and converting are minutes of JS: off the window's event loop.
      ensureDemoModel: () => ensureDemoModelInJobHost(startHost),
      demoNotice: DEMO_MODEL_NOTICE,
      startHost,
      startJobHost: startHost,
      onUnexpected: (route, error) => console.error(`${route} failed:`, error)
    })
    registerIpc(electron.ipcMain, services.router, { devUrl: paths.devUrl })
    registerPathPicker(electron.ipcMain, electron.dialog, { devUrl: paths.devUrl })
    window = createMainWindow({
      BrowserWindow: electron.BrowserWindow,
      shell: electron.shell,
      preloadPath: join(paths.mainDir, '..', 'preload', 'index.cjs')
    })
    const stopForwarding = forwardEvents(services.events, window.webContents)
    void services.models.loadAtStart()
    void services.apiServer.init()
    window.on('closed', () => {
      stopForwarding()
      window = null
    })
    if (paths.devUrl) void window.loadURL(paths.devUrl)
    else void window.loadURL(APP_ENTRY_URL)
  })

  app.on('window-all-closed', () => app.quit())

  let quitting = false
  app.on('before-quit', (event) => {
    if (quitting || !services) return
    quitting = true
    event.preventDefault()
    void services
      .dispose()
      .then(() => folder?.lock.release())
      .finally(() => app.quit())
  })
}
