// The app store: a vanilla zustand store composed from slices, built around an ApiClient so tests
// can pass a fake one; React reads it through useAppStore (store/use-app-store.ts). Each slice
// gets a setter for its own state only; writing another slice's key throws, so a slice that
// reaches into another's state fails its tests instead of racing it.
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ApiClient } from '../api/client'
import { createComposerSlice } from './composer-slice'
import { createConversationSlice } from './conversation-slice'
import { createLifecycleSlice } from './lifecycle-slice'
import { createModelSlice } from './model-slice'
import { createSettingsSlice } from './settings-slice'
import type { AppActions, AppState, GetState, SliceDeps, SliceSet } from './types'
import { createUiSlice } from './ui-slice'

export type AppStore = StoreApi<AppState>

type SetAll = StoreApi<AppState>['setState']

/** Builds one slice with a setter limited to the keys the slice itself declares. */
export function ownSlice<S extends object>(
  name: string,
  setAll: SetAll,
  get: GetState,
  deps: SliceDeps,
  create: (set: SliceSet<S>, get: GetState, deps: SliceDeps) => S
): S {
  const owned = new Set<string>()
  const set: SliceSet<S> = (partial) =>
    setAll((state) => {
      const change = typeof partial === 'function' ? partial(state) : partial
      for (const key of Object.keys(change)) {
        if (!owned.has(key)) throw new Error(`the ${name} slice may not write "${key}"`)
      }
      return change as Partial<AppState>
    })
  const slice = create(set, get, deps)
  for (const key of Object.keys(slice)) owned.add(key)
  return slice
}

export function createAppStore(client: ApiClient, t: SliceDeps['t']): AppStore {
  return createStore<AppState>()((set, get) => {
    const deps: SliceDeps = { client, t }
    return {
      ...ownSlice('conversation', set, get, deps, createConversationSlice),
      ...ownSlice('composer', set, get, deps, createComposerSlice),
      ...ownSlice('model', set, get, deps, createModelSlice),
      ...ownSlice('ui', set, get, deps, createUiSlice),
      ...ownSlice('settings', set, get, deps, createSettingsSlice),
      ...ownSlice('lifecycle', set, get, deps, createLifecycleSlice)
    }
  })
}

const actionsCache = new WeakMap<AppStore, AppActions>()

/** The store's actions alone (they never change, so one object serves every render). */
export function actionsOf(store: AppStore): AppActions {
  const cached = actionsCache.get(store)
  if (cached) return cached
  const actions = Object.fromEntries(
    Object.entries(store.getState()).filter(([, value]) => typeof value === 'function')
  ) as AppActions
  actionsCache.set(store, actions)
  return actions
}
