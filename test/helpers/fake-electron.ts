// A small stand-in for the parts of Electron main/electron uses (app, BrowserWindow, ipcMain,
// utilityProcess, shell, session), recording what the code asked of it. Electron's binary cannot
// be downloaded on the build machines, so Electron-only code is tested against this.
import { EventEmitter } from 'node:events'

type Listener = (...args: unknown[]) => void
type InvokeHandler = (
  event: { senderFrame: { url: string; parent: unknown } | null },
  ...args: unknown[]
) => Promise<unknown>

export class FakeWebContents extends EventEmitter {
  readonly sent: { channel: string; message: unknown }[] = []
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler
  }
  send(channel: string, message: unknown): void {
    this.sent.push({ channel, message })
  }
  isDestroyed(): boolean {
    return false
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = []
  readonly webContents = new FakeWebContents()
  loaded: string | null = null
  constructor(readonly options: Record<string, unknown>) {
    super()
    FakeBrowserWindow.created.push(this)
  }
  loadFile(path: string): Promise<void> {
    this.loaded = path
    return Promise.resolve()
  }
  loadURL(url: string): Promise<void> {
    this.loaded = url
    return Promise.resolve()
  }
  show(): void {}
  focus(): void {}
  restore(): void {}
  isMinimized(): boolean {
    return false
  }
}

export function createFakeElectron(options: { gotLock?: boolean; userData?: string } = {}) {
  const handlers = new Map<string, InvokeHandler>()
  const appEvents = new EventEmitter()
  let quitCalls = 0
  let readyResolve: () => void = () => {}
  const ready = new Promise<void>((resolve) => (readyResolve = resolve))
  const cspHooks: Listener[] = []
  const revealed: string[] = []
  const errorBoxes: Array<{ title: string; content: string }> = []
  FakeBrowserWindow.created = []
  const electron = {
    app: Object.assign(appEvents, {
      requestSingleInstanceLock: () => options.gotLock ?? true,
      quit: () => {
        quitCalls++
      },
      whenReady: () => ready,
      getPath: (name: string) =>
        name === 'userData'
          ? (options.userData ?? '/tmp/mpp-fake-user-data')
          : `/tmp/mpp-fake-electron-${name}`
    }),
    BrowserWindow: FakeBrowserWindow,
    ipcMain: {
      handle: (channel: string, handler: InvokeHandler): void => {
        handlers.set(channel, handler)
      },
      removeHandler: (channel: string): void => {
        handlers.delete(channel)
      }
    },
    utilityProcess: { fork: () => ({}) },
    shell: {
      openExternal: async () => {},
      showItemInFolder: (path: string): void => {
        revealed.push(path)
      }
    },
    dialog: {
      showErrorBox: (title: string, content: string): void => {
        errorBoxes.push({ title, content })
      }
    },
    session: {
      defaultSession: { webRequest: { onHeadersReceived: (hook: Listener) => cspHooks.push(hook) } }
    }
  }
  return {
    electron,
    handlers,
    cspHooks,
    revealed,
    errorBoxes,
    becomeReady: () => readyResolve(),
    get quitCalls() {
      return quitCalls
    }
  }
}
