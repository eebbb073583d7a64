// React access to the app store: a context holding the vanilla store and a selector hook.
import { createContext, useContext } from 'react'
import { useStore } from 'zustand'
import type { AppStore } from './create-store'
import type { AppState } from './types'

export const StoreContext = createContext<AppStore | null>(null)

export function useAppStore<T>(selector: (state: AppState) => T): T {
  const store = useContext(StoreContext)
  if (!store) throw new Error('useAppStore needs a StoreContext provider')
  return useStore(store, selector)
}

/** The store's actions (stable functions); read state through useAppStore, never from here. */
export function useActions(): AppState {
  const store = useContext(StoreContext)
  if (!store) throw new Error('useActions needs a StoreContext provider')
  return store.getState()
}
