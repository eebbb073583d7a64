// React access to the app store: a context holding the vanilla store, a selector hook for state
// and one for the actions.
import { createContext, useContext } from 'react'
import { useStore } from 'zustand'
import { actionsOf, type AppStore } from './create-store'
import type { AppActions, AppState } from './types'

export const StoreContext = createContext<AppStore | null>(null)

export function useAppStore<T>(selector: (state: AppState) => T): T {
  const store = useContext(StoreContext)
  if (!store) throw new Error('useAppStore needs a StoreContext provider')
  return useStore(store, selector)
}

/** The store's actions (stable functions, no state); read state through useAppStore. */
export function useActions(): AppActions {
  const store = useContext(StoreContext)
  if (!store) throw new Error('useActions needs a StoreContext provider')
  return actionsOf(store)
}
