// Preload: exposes the typed window.api bridge to the sandboxed renderer. It forwards requests
// and events without interpreting them (main parses every request) and turns a dropped File
// into a path with webUtils, the only way a sandboxed page can name a file to main.
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import type { BridgeApi } from './contract'
import { IPC_CHANNELS } from './contract/channels'

const api: BridgeApi = {
  request: (route, input) => ipcRenderer.invoke(IPC_CHANNELS.request, route, input),
  on: (listener) => {
    const forward = (_event: unknown, message: { event: string; payload: unknown }): void =>
      listener(message)
    ipcRenderer.on(IPC_CHANNELS.event, forward)
    return () => {
      ipcRenderer.removeListener(IPC_CHANNELS.event, forward)
    }
  },
  pathForFile: (file) => webUtils.getPathForFile(file),
  pickPath: (kind) => ipcRenderer.invoke(IPC_CHANNELS.pickPath, kind) as Promise<string | null>
}

contextBridge.exposeInMainWorld('api', api)
