// ApiClient over the preload's window.api (Electron): files become paths via webUtils, then the
// main side copies them into the store; a file with no path (pasted) is sent as bytes.
import type { BridgeApi } from '../../../preload/contract'
import type { Envelope } from '../../../preload/contract/errors'
import type { EventMessage } from '../../../preload/contract/events'
import type { AttachmentInfo } from '../../../preload/contract/types'
import { AppError } from './app-error'
import { unwrap, type ApiClient } from './client'

/** The whole file in memory, through FileReader (the most widely implemented reader). */
function readBytes(file: File): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer))
    reader.onerror = () => reject(reader.error ?? new Error(`${file.name} could not be read`))
    reader.readAsArrayBuffer(file)
  })
}

export function createElectronClient(api: BridgeApi): ApiClient {
  const client: ApiClient = {
    request: async (route, input) => unwrap((await api.request(route, input)) as Envelope<never>),
    onEvent: (listener) => api.on((message) => listener(message as EventMessage)),
    addFile: async (file) => {
      const path = api.pathForFile(file)
      if (path) return client.request('attachments.addPath', { path }) as Promise<AttachmentInfo>
      // A pasted image lives only in memory: its bytes go to main in the request itself.
      const bytes = await readBytes(file)
      return client.request('attachments.addBytes', {
        name: file.name || 'pasted.png',
        bytes
      }) as Promise<AttachmentInfo>
    },
    importConversation: async (file) => {
      // An export's media sit beside its conversation.json, so main needs the file's place.
      const path = api.pathForFile(file)
      if (!path) throw new AppError('BAD_INPUT', `${file.name} is not a file on this computer`)
      return client.request('conversation.importPath', { path })
    },
    exportDownloadUrl: () => null,
    pathsAllowed: () => Promise.resolve(true),
    pickPath: (kind) => api.pickPath(kind)
  }
  return client
}
