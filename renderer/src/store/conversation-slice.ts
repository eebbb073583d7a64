// Conversations: the list (with search), the open conversation, streaming drafts keyed by turn,
// and the actions on them. The finished state always comes from main (conversation.updated).
// Drafts are pruned in one place (`show`), and every way of opening a conversation takes a
// ticket, so a slow load never replaces the conversation opened after it.
import type { Conversation } from '../../../preload/contract/types'
import { createDeltaCoalescer } from './delta-coalescer'
import { guard, succeeded } from './guard'
import type { ConversationSlice, GetState, SliceDeps, SliceSet } from './types'
import { catalogueText } from '../lib/notice-text'

export function createConversationSlice(
  set: SliceSet<ConversationSlice>,
  get: GetState,
  { client, t }: SliceDeps
): ConversationSlice {
  /** Makes `conversation` the open one; drafts of its turns that are no longer streaming go. */
  const show = (conversation: Conversation): void =>
    set((state) => {
      const drafts = { ...state.drafts }
      for (const turn of conversation.turns) if (turn.status !== 'streaming') delete drafts[turn.id]
      return { conversation, activeId: conversation.id, drafts }
    })
  /** A change to a conversation shows only while that conversation is still the open one. */
  const showIfOpen = (conversation: Conversation): void => {
    if (get().activeId === conversation.id) show(conversation)
  }
  let latestTicket = 0
  /** Opens what `load` gives, unless another conversation was opened meanwhile (`shown`). */
  const open = async (
    load: () => Promise<Conversation>
  ): Promise<{ conversation: Conversation; shown: boolean }> => {
    const ticket = ++latestTicket
    const conversation = await load()
    const shown = ticket === latestTicket
    if (shown) show(conversation)
    return { conversation, shown }
  }
  const active = (): Conversation => {
    const conversation = get().conversation
    if (!conversation) throw new Error(t('errors.noConversation'))
    return conversation
  }
  // Settings typed before any conversation exists belong to the one the user is about to start.
  const activeOrNew = async (): Promise<Conversation> => {
    const current = get().conversation
    if (current) return current
    const { conversation: created } = await open(() => client.request('conversation.create', {}))
    await get().refreshList()
    return created
  }
  const startDraft = (turnId: string): void =>
    set((state) => ({ drafts: { ...state.drafts, [turnId]: state.drafts[turnId] ?? '' } }))
  const afterStart = async (id: string, turnId: string): Promise<void> => {
    startDraft(turnId)
    showIfOpen(await client.request('conversation.get', { id }))
    await get().refreshList()
  }
  const deltas = createDeltaCoalescer((batch) =>
    set((state) => {
      const drafts = { ...state.drafts }
      for (const [turnId, text] of batch) drafts[turnId] = (drafts[turnId] ?? '') + text
      return { drafts }
    })
  )
  return {
    summaries: [],
    search: '',
    activeId: null,
    conversation: null,
    drafts: {},
    previews: {},
    refreshList: () =>
      guard(get, async () => {
        const query = get().search
        const summaries = query
          ? await client.request('conversation.search', { query })
          : await client.request('conversation.list', {})
        set({ summaries })
      }),
    setSearch: async (search) => {
      set({ search })
      await get().refreshList()
    },
    receiveConversation: (conversation) => {
      deltas.flush()
      showIfOpen(conversation)
    },
    startDraft,
    receiveDelta: (turnId, text) => deltas.push(turnId, text),
    restartDraft: (turnId) => {
      // A pending piece is applied before the draft is cleared, never after it.
      deltas.flush()
      set((state) => ({ drafts: { ...state.drafts, [turnId]: '' } }))
    },
    select: (id) =>
      guard(get, async () => {
        // Clear before waiting, so files dropped meanwhile stay with the conversation shown next.
        if (get().activeId !== id) get().discardPending()
        await open(() => client.request('conversation.get', { id }))
      }),
    newConversation: () =>
      guard(get, async () => {
        get().resetComposer()
        // An open conversation with nothing in it is the new one: empty ones are not piled up.
        const shown = get().conversation
        if (shown && shown.turns.length === 0 && shown.attachments.length === 0) return
        await open(() => client.request('conversation.create', {}))
        await get().refreshList()
      }),
    rename: (id, title) =>
      guard(get, async () => {
        showIfOpen(await client.request('conversation.rename', { id, title }))
        await get().refreshList()
      }),
    setPinned: (id, pinned) =>
      guard(get, async () => {
        showIfOpen(await client.request('conversation.setPinned', { id, pinned }))
        await get().refreshList()
      }),
    remove: (id) =>
      guard(get, async () => {
        await client.request('conversation.delete', { id })
        if (get().activeId === id) {
          latestTicket += 1
          set({ activeId: null, conversation: null })
        }
        await get().refreshList()
      }),
    clearHistory: () =>
      guard(get, async () => {
        const id = active().id
        showIfOpen(await client.request('conversation.clearHistory', { id }))
        await get().refreshList()
        get().notify('info', catalogueText('confirm.historyCleared'), {
          kind: 'undo-clear',
          conversationId: id
        })
      }),
    undoClearHistory: (id) =>
      guard(get, async () => {
        showIfOpen(await client.request('conversation.undoClearHistory', { id }))
        await get().refreshList()
      }),
    stop: () =>
      guard(get, async () => {
        await client.request('conversation.stop', { id: active().id })
      }),
    regenerate: () =>
      guard(get, async () => {
        const id = active().id
        const { turnId } = await client.request('conversation.regenerate', { id })
        await afterStart(id, turnId)
      }),
    selectAnswer: (turnId, index) =>
      guard(get, async () => {
        showIfOpen(
          await client.request('conversation.selectAnswer', { id: active().id, turnId, index })
        )
      }),
    editAndResend: (turnId, query) =>
      guard(get, async () => {
        const id = active().id
        const started = await client.request('conversation.editAndResend', { id, turnId, query })
        await afterStart(id, started.turnId)
      }),
    editAnswer: (turnId, response) =>
      guard(get, async () => {
        showIfOpen(
          await client.request('conversation.editAnswer', { id: active().id, turnId, response })
        )
      }),
    branch: (turnId) =>
      guard(get, async () => {
        const source = active()
        const title = t('chat.branchTitle', { title: source.title })
        get().discardPending()
        await open(() => client.request('conversation.branch', { id: source.id, turnId, title }))
        await get().refreshList()
        get().notify('info', catalogueText('chat.branched'))
      }),
    importConversation: (file) =>
      guard(get, async () => {
        const imported = await open(() => client.importConversation(file))
        if (imported.shown) {
          get().discardPending()
          set({ search: '' })
        }
        await get().refreshList()
        get().notify(
          'info',
          catalogueText('sidebar.imported', { title: imported.conversation.title })
        )
      }),
    updateOptions: (patch) =>
      succeeded(get, async () => {
        showIfOpen(
          await client.request('conversation.updateSettings', {
            id: (await activeOrNew()).id,
            patch: { options: patch }
          })
        )
      }),
    updateSystem: (system) =>
      succeeded(get, async () => {
        showIfOpen(
          await client.request('conversation.updateSettings', {
            id: (await activeOrNew()).id,
            patch: { system }
          })
        )
      }),
    resetSettings: () =>
      succeeded(get, async () => {
        showIfOpen(
          await client.request('conversation.resetSettings', { id: (await activeOrNew()).id })
        )
      }),
    exportConversation: (format) =>
      guard(get, async () => {
        const result = await client.request('conversation.export', { id: active().id, format })
        const href = client.exportDownloadUrl(result.name)
        get().notify(
          'info',
          catalogueText('export.done', { path: result.path }),
          href === null ? { kind: 'reveal', exportName: result.name } : { kind: 'download', href }
        )
      }),
    revealExport: (name) =>
      guard(get, async () => {
        await client.request('conversation.revealExport', { name })
      }),
    loadPreview: (attachmentId) =>
      guard(get, async () => {
        if (get().previews[attachmentId]) return
        const { dataUrl } = await client.request('attachments.preview', { id: attachmentId })
        set((state) => ({ previews: { ...state.previews, [attachmentId]: dataUrl } }))
      })
  }
}
