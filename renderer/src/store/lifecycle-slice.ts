// Start-up and events: loads settings, the conversation list and model status, then applies
// main's events (deltas into drafts, finished conversations, model status, notices).
import type { EventMessage } from '../../../preload/contract/events'
import { createDeltaCoalescer, type DeltaCoalescer } from './delta-coalescer'
import type { GetState, LifecycleSlice, SetState, SliceDeps } from './types'

export function applyEvent(
  message: EventMessage,
  set: SetState,
  get: GetState,
  deltas: DeltaCoalescer,
  t: SliceDeps['t']
): void {
  switch (message.event) {
    case 'conversation.delta':
      deltas.push(message.payload.turnId, message.payload.text)
      return
    case 'conversation.restart':
      deltas.flush()
      set((state) => ({ drafts: { ...state.drafts, [message.payload.turnId]: '' } }))
      get().notify('warning', t('chat.restarted'))
      return
    case 'conversation.updated': {
      deltas.flush()
      const { conversation } = message.payload
      if (get().activeId === conversation.id) {
        const drafts = { ...get().drafts }
        for (const turn of conversation.turns)
          if (turn.status !== 'streaming') delete drafts[turn.id]
        set({ conversation, drafts })
      }
      void get().refreshList()
      return
    }
    case 'model.status':
      set({
        model: message.payload.status,
        progress: message.payload.status.state === 'loading' ? get().progress : null
      })
      return
    case 'model.progress':
    case 'convert.progress':
      set({ progress: message.payload })
      return
    case 'apiServer.status':
      set({ apiServer: message.payload.status })
      return
    case 'notice':
      get().notify(message.payload.level, message.payload.message)
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
  set: SetState,
  get: GetState,
  { client, t }: SliceDeps
): LifecycleSlice {
  return {
    start: async () => {
      const deltas = createDeltaCoalescer(set)
      const unsubscribe = client.onEvent((message) => applyEvent(message, set, get, deltas, t))
      const settings = await client.request('settings.get', {}).catch(() => null)
      set({
        language: settings?.language ?? preferredLanguage(),
        theme: settings && settings.theme !== 'system' ? settings.theme : preferredTheme()
      })
      await Promise.all([get().refreshList(), get().refreshModels()])
      const latest = get().summaries[0]
      if (latest) await get().select(latest.id)
      return unsubscribe
    }
  }
}
