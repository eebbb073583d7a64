// What new conversations start with (saved in main's app settings); a conversation's own settings
// live with it in the conversation slice.
import {
  DEFAULT_GENERATION_OPTIONS,
  DEFAULT_SYSTEM_PROMPT
} from '../../../preload/contract/generation-options'
import type { ChatSettings } from '../../../preload/contract/types'
import { succeeded } from './guard'
import type { GetState, SettingsSlice, SliceDeps, SliceSet } from './types'

const SEED_CHAT_SETTINGS: ChatSettings = {
  options: { ...DEFAULT_GENERATION_OPTIONS },
  system: DEFAULT_SYSTEM_PROMPT
}

export function createSettingsSlice(
  set: SliceSet<SettingsSlice>,
  get: GetState,
  { client }: SliceDeps
): SettingsSlice {
  const save = (chatDefaults: ChatSettings): Promise<boolean> =>
    succeeded(get, async () => {
      const saved = await client.request('settings.update', { chatDefaults })
      set({ chatDefaults: saved.chatDefaults ?? SEED_CHAT_SETTINGS })
    })
  return {
    chatDefaults: SEED_CHAT_SETTINGS,
    receiveChatDefaults: (defaults) => set({ chatDefaults: defaults ?? SEED_CHAT_SETTINGS }),
    updateDefaults: (patch) => {
      const current = get().chatDefaults
      return save({
        options: { ...current.options, ...patch.options },
        system: patch.system ?? current.system
      })
    },
    resetDefaults: () => save(SEED_CHAT_SETTINGS)
  }
}
