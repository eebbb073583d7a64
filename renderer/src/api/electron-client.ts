// ApiClient over the preload's window.api (Electron): files become paths via webUtils, then the
// main side copies them into the store.
import type { BridgeApi } from '../../../preload/contract'
import type { Envelope } from '../../../preload/contract/errors'
import type { EventMessage } from '../../../preload/contract/events'
import type { AttachmentInfo } from '../../../preload/contract/types'
import { AppError } from './app-error'
import { unwrap, type ApiClient } from './client'

export function createElectronClient(api: BridgeApi): ApiClient {
  const client: ApiClient = {
    request: async (route, input) => unwrap((await api.request(route, input)) as Envelope<never>),
    onEvent: (listener) => api.on((message) => listener(message as EventMessage)),
    addFile: async (file) => {
      const path = api.pathForFile(file)
      if (!path)
        throw new AppError(
          'UNREADABLE_FILE',
          `${file.name} has no path on disk (paste it as a file instead)`
        )
      return client.request('attachments.addPath', { path }) as Promise<AttachmentInfo>
    },
    exportDownloadUrl: () => null
  }
  return client
}
