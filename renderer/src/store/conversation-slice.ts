// Conversations: the list (with search), the open conversation, streaming drafts keyed by turn,
// and the actions on them. The finished state always comes from main (conversation.updated).
import type { Conversation } from '../../../preload/contract/types'
import { guard, succeeded } from './guard'
import type { ConversationSlice, GetState, SetState, SliceDeps } from './types'

export function createConversationSlice(
  set: SetState,
  get: GetState,
  { client, t }: SliceDeps
): ConversationSlice {
  const show = (conversation: Conversation): void => {
    const drafts = { ...get().drafts }
    for (const turn of conversation.turns) if (turn.status !== 'streaming') delete drafts[turn.id]
    set({ conversation, activeId: conversation.id, drafts })
  }
  const active = (): Conversation => {
    const conversation = get().conversation
    if (!conversation) throw new Error(t('errors.noConversation'))
    return conversation
  }
  // Settings typed before any conversation exists belong to the one the user is about to start.
  const activeOrNew = async (): Promise<Conversation> => {
    const open = get().conversation
    if (open) return open
    const created = await client.request('conversation.create', {})
    show(created)
    await get().refreshList()
    return created
  }
  const afterStart = async (id: string, turnId: string): Promise<void> => {
    set((state) => ({ drafts: { ...state.drafts, [turnId]: state.drafts[turnId] ?? '' } }))
    show(await client.request('conversation.get', { id }))
    await get().refreshList()
  }
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
    select: (id) =>
      guard(get, async () => {
        // Clear before waiting, so files dropped meanwhile stay with the conversation shown next.
        if (get().activeId !== id) set({ pending: [] })
        show(await client.request('conversation.get', { id }))
      }),
    newConversation: () =>
      guard(get, async () => {
        set({ pending: [], text: '' })
        // An open conversation with nothing in it is the new one: empty ones are not piled up.
        const open = get().conversation
        if (open && open.turns.length === 0 && open.attachments.length === 0) return
        show(await client.request('conversation.create', {}))
        await get().refreshList()
      }),
    rename: (id, title) =>
      guard(get, async () => {
        const renamed = await client.request('conversation.rename', { id, title })
        if (get().activeId === id) show(renamed)
        await get().refreshList()
      }),
    setPinned: (id, pinned) =>
      guard(get, async () => {
        const changed = await client.request('conversation.setPinned', { id, pinned })
        if (get().activeId === id) show(changed)
        await get().refreshList()
      }),
    remove: (id) =>
      guard(get, async () => {
        await client.request('conversation.delete', { id })
        if (get().activeId === id) set({ activeId: null, conversation: null })
        await get().refreshList()
      }),
    clearHistory: () =>
      guard(get, async () => {
        const id = active().id
        show(await client.request('conversation.clearHistory', { id }))
        await get().refreshList()
        get().notify('info', t('confirm.historyCleared'), {
          kind: 'undo-clear',
          label: t('confirm.undo'),
          conversationId: id
        })
      }),
    undoClearHistory: (id) =>
      guard(get, async () => {
        const restored = await client.request('conversation.undoClearHistory', { id })
        if (get().activeId === id) show(restored)
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
        show(await client.request('conversation.selectAnswer', { id: active().id, turnId, index }))
      }),
    editAndResend: (turnId, query) =>
      guard(get, async () => {
        const id = active().id
        const started = await client.request('conversation.editAndResend', { id, turnId, query })
        await afterStart(id, started.turnId)
      }),
    editAnswer: (turnId, response) =>
      guard(get, async () => {
        show(await client.request('conversation.editAnswer', { id: active().id, turnId, response }))
      }),
    branch: (turnId) =>
      guard(get, async () => {
        const source = active()
        const title = t('chat.branchTitle', { title: source.title })
        show(await client.request('conversation.branch', { id: source.id, turnId, title }))
        set({ pending: [] })
        await get().refreshList()
        get().notify('info', t('chat.branched'))
      }),
    importConversation: (file) =>
      guard(get, async () => {
        const imported = await client.importConversation(file)
        set({ pending: [], search: '' })
        show(imported)
        await get().refreshList()
        get().notify('info', t('sidebar.imported', { title: imported.title }))
      }),
    updateOptions: (patch) =>
      succeeded(get, async () => {
        show(
          await client.request('conversation.updateSettings', {
            id: (await activeOrNew()).id,
            patch: { options: patch }
          })
        )
      }),
    updateSystem: (system) =>
      succeeded(get, async () => {
        show(
          await client.request('conversation.updateSettings', {
            id: (await activeOrNew()).id,
            patch: { system }
          })
        )
      }),
    resetSettings: () =>
      succeeded(get, async () => {
        show(await client.request('conversation.resetSettings', { id: (await activeOrNew()).id }))
      }),
    exportConversation: (format) =>
      guard(get, async () => {
        const result = await client.request('conversation.export', { id: active().id, format })
        const href = client.exportDownloadUrl(result.name)
        get().notify(
          'info',
          t('export.done', { path: result.path }),
          href === null
            ? { kind: 'reveal', label: t('export.reveal'), exportName: result.name }
            : { kind: 'download', label: t('export.download'), href }
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
