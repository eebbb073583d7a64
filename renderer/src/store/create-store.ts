// The app store: a vanilla zustand store composed from slices, built around an ApiClient so tests
// can pass a fake one; React reads it through useAppStore (store/use-app-store.ts).
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ApiClient } from '../api/client'
import { createApiServerSlice } from './api-server-slice'
import { createComposerSlice } from './composer-slice'
import { createConversationSlice } from './conversation-slice'
import { createLifecycleSlice } from './lifecycle-slice'
import { createModelSlice } from './model-slice'
import type { AppState, SliceDeps } from './types'
import { createUiSlice } from './ui-slice'

export type AppStore = StoreApi<AppState>

export function createAppStore(client: ApiClient, t: SliceDeps['t']): AppStore {
  return createStore<AppState>()((set, get) => {
    const deps: SliceDeps = { client, t }
    return {
      ...createConversationSlice(set, get, deps),
      ...createComposerSlice(set, get, deps),
      ...createModelSlice(set, get, deps),
      ...createUiSlice(set, get, deps),
      ...createApiServerSlice(set, get, deps),
      ...createLifecycleSlice(set, get, deps)
    }
  })
}
