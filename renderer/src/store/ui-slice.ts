// Notices, which side panel is open, language and theme (the latter two saved in main's settings),
// and which media an answer's mention is pointing at.
import type { GetState, SliceDeps, SliceSet, UiSlice } from './types'

let nextNotice = 1
const INFO_NOTICE_MS = 8_000

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
    notify: (level, message, action) => {
      const id = nextNotice++
      set((state) => ({ notices: [...state.notices.slice(-4), { id, level, message, action }] }))
      // Information fades on its own; warnings, errors and offers to act stay until dismissed.
      if (level === 'info' && !action) setTimeout(() => get().dismiss(id), INFO_NOTICE_MS)
    },
    dismiss: (id) => set((state) => ({ notices: state.notices.filter((n) => n.id !== id) })),
    setPanel: (panel) => set((state) => ({ panel: state.panel === panel ? 'none' : panel })),
    openPanel: (panel) => set({ panel }),
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
