// The composer: text, attachments being added (each with its own status and error), video frame
// counts and strips, and submit, which sends a question or runs a slash command (the text stays
// when the command fails, so a mistyped /conf can be fixed rather than typed again).
import { FRAME_COUNT_LIMITS } from '../lib/frame-limits'
import { parseSlashCommand } from '../lib/slash-commands'
import { fileErrorNotice } from '../api/error-text'
import { catalogueText, errorNotice } from '../lib/notice-text'
import { runSlashCommand } from './slash-actions'
import { guard } from './guard'
import type { ComposerSlice, GetState, PendingAttachment, SliceDeps, SliceSet } from './types'

let nextKey = 1

/**
 * Refuses a file already in the composer or kept for the next question: the same picture twice
 * would show two labels but reach the model once, shifting every label after it.
 */
function refuseDuplicates(
  pending: readonly PendingAttachment[],
  carried: ReadonlyMap<string, string>
): PendingAttachment[] {
  const seen = new Map(carried)
  return pending.map((item) => {
    if (item.status !== 'ready' || !item.info) return item
    const first = seen.get(item.info.id)
    if (first === undefined) {
      seen.set(item.info.id, item.name)
      return item
    }
    return {
      ...item,
      status: 'error',
      info: null,
      error: catalogueText('files.duplicate', { name: first })
    }
  })
}

export function createComposerSlice(
  set: SliceSet<ComposerSlice>,
  get: GetState,
  deps: SliceDeps
): ComposerSlice {
  const { client } = deps
  const carriedNames = (): Map<string, string> => {
    const conversation = get().conversation
    const carried = new Set(conversation?.carriedAttachmentIds ?? [])
    return new Map(
      (conversation?.attachments ?? []).filter((a) => carried.has(a.id)).map((a) => [a.id, a.name])
    )
  }
  const patch = (key: string, change: Partial<PendingAttachment>): void =>
    set((state) => ({
      pending: state.pending.map((p) => (p.key === key ? { ...p, ...change } : p))
    }))

  const loadStrip = async (key: string): Promise<void> => {
    const item = get().pending.find((p) => p.key === key)
    if (!item?.info || item.info.kind !== 'video') return
    try {
      patch(key, {
        strip: await client.request('attachments.frameStrip', {
          id: item.info.id,
          frames: item.frames
        })
      })
    } catch (error) {
      patch(key, { error: errorNotice(error) })
    }
  }

  return {
    text: '',
    pending: [],
    setText: (text) => set({ text }),
    discardPending: () => set({ pending: [] }),
    resetComposer: () => set({ pending: [], text: '' }),
    addFiles: async (files) => {
      const added = files.map((file) => ({ file, key: `p${nextKey++}` }))
      set((state) => ({
        pending: [
          ...state.pending,
          ...added.map(({ file, key }) => ({
            key,
            name: file.name,
            status: 'adding' as const,
            info: null,
            error: null,
            frames: FRAME_COUNT_LIMITS.default,
            strip: null
          }))
        ]
      }))
      await Promise.all(
        added.map(async ({ file, key }) => {
          try {
            const info = await client.addFile(file)
            patch(key, { status: 'ready', info })
            set((state) => ({ pending: refuseDuplicates(state.pending, carriedNames()) }))
            await loadStrip(key)
          } catch (error) {
            patch(key, {
              status: 'error',
              error: fileErrorNotice(error, file.name)
            })
          }
        })
      )
    },
    removePending: (key) =>
      set((state) => ({ pending: state.pending.filter((p) => p.key !== key) })),
    dismissFailed: () =>
      set((state) => ({ pending: state.pending.filter((p) => p.status !== 'error') })),
    setFrames: async (key, frames) => {
      patch(key, { frames })
      await loadStrip(key)
    },
    submit: () =>
      guard(get, async () => {
        const { text, pending } = get()
        const command = parseSlashCommand(text)
        if (command && command.kind !== 'literal') {
          const done = await runSlashCommand(command, get)
          if (done && get().text === text) set({ text: '' })
          return
        }
        const query = command?.kind === 'literal' ? command.text : text
        if (pending.some((p) => p.status === 'adding')) return
        const ready = pending.filter((p) => p.status === 'ready' && p.info)
        if (
          query.trim() === '' &&
          ready.length === 0 &&
          (get().conversation?.carriedAttachmentIds.length ?? 0) === 0
        )
          return
        if (!get().conversation) await get().newConversation()
        const conversation = get().conversation
        if (!conversation) return
        const attachments = ready.flatMap((p) =>
          p.info ? [{ id: p.info.id, frames: p.info.kind === 'video' ? p.frames : null }] : []
        )
        const { turnId } = await client.request('conversation.send', {
          id: conversation.id,
          query,
          attachments
        })
        set((state) => ({
          text: '',
          // Files that could not be used leave with the question they were dropped for.
          pending: state.pending.filter((p) => p.status === 'adding')
        }))
        get().startDraft(turnId)
        await get().select(conversation.id)
        await get().refreshList()
      })
  }
}
