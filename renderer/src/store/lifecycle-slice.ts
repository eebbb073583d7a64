// Start-up and events: loads settings, the conversation list and model status, then hands main's
// events to the slice that owns what they change (deltas and finished conversations to the
// conversation slice, status and progress to the model slice, the API server's status to its
// slice, notices to the ui slice).
import type { EventMessage } from '../../../preload/contract/events'
import { catalogueText, literalText } from '../lib/notice-text'
import type { GetState, LifecycleSlice, SliceDeps } from './types'

export function applyEvent(message: EventMessage, get: GetState): void {
  const state = get()
  switch (message.event) {
    case 'conversation.delta':
      state.receiveDelta(message.payload.turnId, message.payload.text)
      return
    case 'conversation.restart':
      state.restartDraft(message.payload.turnId)
      state.notify('warning', catalogueText('chat.restarted'))
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
    case 'apiServer.status':
      state.receiveApiServerStatus(message.payload.status)
      return
    case 'notice':
      // Main's notices are sentences of its own (an engine's message).
      state.notify(message.payload.level, literalText(message.payload.message))
  }
}

const STATUS_POLL_MS = 1_000
const MAX_STATUS_POLLS = 600
const SETTLED = new Set(['ready', 'failed'])

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
  { client }: SliceDeps
): LifecycleSlice {
  return {
    start: async () => {
      const unsubscribe = client.onEvent((message) => applyEvent(message, get))
      const settings = await client.request('settings.get', {}).catch(() => null)
      get().applyPreferences({
        language: settings?.language ?? preferredLanguage(),
        theme: settings && settings.theme !== 'system' ? settings.theme : preferredTheme()
      })
      get().receiveChatDefaults(settings?.chatDefaults)
      await Promise.all([get().refreshList(), get().refreshModels()])
      const latest = get().summaries[0]
      if (latest) await get().select(latest.id)
      // A status event sent before the event stream connected would be missed: until the model
      // settles, its status is also asked for every second.
      let polls = 0
      const timer = setInterval(() => {
        if (SETTLED.has(get().model.state) || ++polls > MAX_STATUS_POLLS) {
          clearInterval(timer)
          return
        }
        void client
          .request('model.status', {})
          .then((model) => get().receiveModelStatus(model))
          .catch(() => undefined)
      }, STATUS_POLL_MS)
      return () => {
        clearInterval(timer)
        unsubscribe()
      }
    }
  }
}
