// Carries out a parsed slash command with the store's own actions.
import type { SlashCommand } from '../lib/slash-commands'
import type { GetState, SetState, SliceDeps } from './types'

export async function runSlashCommand(
  command: SlashCommand,
  set: SetState,
  get: GetState,
  { t }: SliceDeps
): Promise<void> {
  const state = get()
  switch (command.kind) {
    case 'help':
      set({ panel: 'help' })
      return
    case 'clear':
      return state.newConversation()
    case 'clear-history':
      return state.requestClearHistory()
    case 'history':
      state.notify('info', t('commands.history', { count: state.conversation?.turns.length ?? 0 }))
      return
    case 'images':
      set({ panel: 'compare' })
      return
    case 'seed':
      if (command.value === null) {
        state.notify(
          'info',
          t('commands.seed', { seed: state.conversation?.settings.options.seed ?? 42 })
        )
        return
      }
      if (await state.updateOptions({ seed: command.value })) {
        state.notify('info', t('commands.seed', { seed: command.value }))
      }
      return
    case 'conf':
      if (Object.keys(command.patch).length === 0) {
        set({ panel: 'settings' })
        return
      }
      if (await state.updateOptions(command.patch)) state.notify('info', t('commands.confSet'))
      return
    case 'reset-conf':
      if (await state.resetSettings()) state.notify('info', t('commands.confReset'))
      return
    case 'error':
      state.notify('error', command.message)
  }
}
