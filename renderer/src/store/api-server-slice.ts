// The local OpenAI-compatible API server as settings show it: its status and request log (kept
// fresh by main's apiServer.status events), switching it on or off, its port, and its key.
import { guard } from './guard'
import type { ApiServerSlice, GetState, SliceDeps, SliceSet } from './types'

export function createApiServerSlice(
  set: SliceSet<ApiServerSlice>,
  get: GetState,
  { client }: SliceDeps
): ApiServerSlice {
  return {
    apiServer: null,
    receiveApiServerStatus: (status) => set({ apiServer: status }),
    refreshApiServer: () =>
      guard(get, async () => {
        set({ apiServer: await client.request('apiServer.status', {}) })
      }),
    configureApiServer: (patch) =>
      guard(get, async () => {
        set({ apiServer: await client.request('apiServer.configure', patch) })
      }),
    newApiKey: () =>
      guard(get, async () => {
        set({ apiServer: await client.request('apiServer.newKey', {}) })
      }),
    revokeApiKey: () =>
      guard(get, async () => {
        set({ apiServer: await client.request('apiServer.revokeKey', {}) })
      })
  }
}
