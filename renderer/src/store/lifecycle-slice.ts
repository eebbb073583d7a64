// Start-up and events: loads settings, the conversation list and model status, then hands main's
// events to the slice that owns what they change (deltas and finished conversations to the
// conversation slice, status and progress to the model slice, notices to the ui slice).
import type { EventMessage } from '../../../preload/contract/events'
import type { GetState, LifecycleSlice, SliceDeps } from './types'

export function applyEvent(message: EventMessage, get: GetState, t: SliceDeps['t']): void {
  const state = get()
  switch (message.event) {
    case 'conversation.delta':
      state.receiveDelta(message.payload.turnId, message.payload.text)
      return
    case 'conversation.restart':
      state.restartDraft(message.payload.turnId)
      state.notify('warning', t('chat.restarted'))
      return
    case 'conversation.updated':
      state.receiveConversation(message.payload.conversation)
      void state.refreshList()
      return
    case 'model.status':
      state.receiveModelStatus(message.payload.status)
      return
    case 'model.progress':
    case 'convert.progress':
      state.receiveProgress(message.payload)
      return
    case 'notice':
      state.notify(message.payload.level, message.payload.message)
  }
}

function preferredLanguage(): 'en' | 'zh' {
  return typeof navigator !== 'undefined' && navigator.language.toLowerCase().startsWith('zh')
    ? 'zh'
    : 'en'
}

function preferredTheme(): 'light' | 'dark' {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches
    ? 'dark'
    : 'light'
}

export function createLifecycleSlice(
  _set: unknown,
  get: GetState,
  { client, t }: SliceDeps
): LifecycleSlice {
  return {
    start: async () => {
      const unsubscribe = client.onEvent((message) => applyEvent(message, get, t))
      const settings = await client.request('settings.get', {}).catch(() => null)
      get().applyPreferences({
        language: settings?.language ?? preferredLanguage(),
        theme: settings && settings.theme !== 'system' ? settings.theme : preferredTheme()
      })
      get().receiveChatDefaults(settings?.chatDefaults)
      await Promise.all([get().refreshList(), get().refreshModels()])
      const latest = get().summaries[0]
      if (latest) await get().select(latest.id)
      return unsubscribe
    }
  }
}
