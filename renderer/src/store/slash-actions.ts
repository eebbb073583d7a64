// Carries out a parsed slash command with the store's own actions, and says whether it was done
// (false: a notice says why, and the composer keeps the text).
import { catalogueText } from '../lib/notice-text'
import type { SlashCommand } from '../lib/slash-commands'
import type { GetState } from './types'

type Command = Exclude<SlashCommand, { kind: 'literal' }>

export async function runSlashCommand(command: Command, get: GetState): Promise<boolean> {
  const state = get()
  switch (command.kind) {
    case 'help':
      state.openPanel('help')
      return true
    case 'clear':
      await state.newConversation()
      return true
    case 'clear-history':
      state.requestClearHistory()
      return true
    case 'history':
      state.notify(
        'info',
        catalogueText('commands.history', { count: state.conversation?.turns.length ?? 0 })
      )
      return true
    case 'images':
      state.openPanel('compare')
      return true
    case 'seed':
      if (command.value === null) {
        state.notify(
          'info',
          catalogueText('commands.seed', {
            seed: (state.conversation?.settings ?? state.chatDefaults).options.seed
          })
        )
        return true
      }
      if (!(await state.updateOptions({ seed: command.value }))) return false
      state.notify('info', catalogueText('commands.seed', { seed: command.value }))
      return true
    case 'conf':
      if (Object.keys(command.patch).length === 0) {
        state.openPanel('settings')
        return true
      }
      if (!(await state.updateOptions(command.patch))) return false
      state.notify('info', catalogueText('commands.confSet'))
      return true
    case 'reset-conf':
      if (!(await state.resetSettings())) return false
      state.notify('info', catalogueText('commands.confReset'))
      return true
    case 'error':
      state.notify('error', { kind: 'refusal', refusal: command.refusal })
      return false
    case 'unknown':
      state.notify('error', catalogueText('commands.unknown', { name: command.name }))
      return false
  }
}
