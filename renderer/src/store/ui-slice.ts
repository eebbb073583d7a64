// Notices, which side panel is open, language and theme (the latter two saved in main's settings),
// and which media an answer's mention is pointing at.
import { errorNotice } from '../lib/notice-text'
import type { GetState, SliceDeps, SliceSet, UiSlice } from './types'

let nextNotice = 1
const INFO_NOTICE_MS = 8_000
const UNDO_NOTICE_MS = 20_000

export function createUiSlice(
  set: SliceSet<UiSlice>,
  get: GetState,
  { client }: SliceDeps
): UiSlice {
  return {
    notices: [],
    panel: 'none',
    language: 'en',
    theme: 'light',
    highlightedMedia: null,
    viewing: null,
    viewMedia: (viewing) => set({ viewing }),
    panelExpanded: false,
    setPanelExpanded: (panelExpanded) => set({ panelExpanded }),
    drawer: false,
    setDrawer: (drawer) => set({ drawer }),
    confirming: null,
    requestClearHistory: () => {
      if (get().conversation) set({ confirming: 'clear-history' })
    },
    answerConfirm: async (yes) => {
      const asked = get().confirming
      set({ confirming: null })
      if (yes && asked === 'clear-history') await get().clearHistory()
    },
    notify: (level, text, action) => {
      const id = nextNotice++
      set((state) => ({ notices: [...state.notices.slice(-4), { id, level, text, action }] }))
      // Information fades on its own, an Undo after a while; warnings, errors and other offers to
      // act stay until dismissed.
      if (level === 'info' && !action) setTimeout(() => get().dismiss(id), INFO_NOTICE_MS)
      if (action?.kind === 'undo-clear') setTimeout(() => get().dismiss(id), UNDO_NOTICE_MS)
    },
    notifyError: (error) => get().notify('error', errorNotice(error)),
    dismiss: (id) => set((state) => ({ notices: state.notices.filter((n) => n.id !== id) })),
    setPanel: (panel) =>
      set((state) => ({ panel: state.panel === panel ? 'none' : panel, panelExpanded: false })),
    openPanel: (panel) => set({ panel, panelExpanded: false }),
    applyPreferences: ({ language, theme }) => set({ language, theme }),
    setLanguage: async (language) => {
      set({ language })
      await client.request('settings.update', { language })
    },
    setTheme: async (theme) => {
      set({ theme })
      await client.request('settings.update', { theme })
    },
    highlightMedia: (label) => set({ highlightedMedia: label })
  }
}
