// A small stand-in for the parts of Electron main/electron uses (app, BrowserWindow, ipcMain,
// utilityProcess, shell, session, protocol), recording what the code asked of it. Electron's binary cannot
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
  let readyCalled = false
  const ready = new Promise<void>((resolve) => (readyResolve = resolve))
  const cspHooks: Listener[] = []
  const revealed: string[] = []
  const errorBoxes: Array<{ title: string; content: string }> = []
  const opened: string[] = []
  const privilegedSchemes: unknown[] = []
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>()
  const permissions: {
    request:
      ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null
    check: ((contents: unknown, permission: string) => boolean) | null
  } = { request: null, check: null }
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
      openExternal: async (url: string) => {
        opened.push(url)
      },
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
      defaultSession: {
        webRequest: { onHeadersReceived: (hook: Listener) => cspHooks.push(hook) },
        setPermissionRequestHandler: (handler: typeof permissions.request) => {
          permissions.request = handler
        },
        setPermissionCheckHandler: (handler: typeof permissions.check) => {
          permissions.check = handler
        }
      }
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => {
        if (readyCalled) throw new Error('schemes must be registered before the app is ready')
        privilegedSchemes.push(...schemes)
      },
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => {
        protocolHandlers.set(scheme, handler)
      }
    }
  }
  return {
    electron,
    handlers,
    cspHooks,
    revealed,
    errorBoxes,
    opened,
    privilegedSchemes,
    protocolHandlers,
    permissions,
    becomeReady: () => {
      readyCalled = true
      readyResolve()
    },
    get quitCalls() {
      return quitCalls
    }
  }
}
