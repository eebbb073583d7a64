// Conversations as the user sees them: create, rename, search, clear history (turns go, images
// stay), settings, and turns: resolve attachments -> host generate -> stream deltas -> persist.
// One answer at a time per conversation; every change is saved before it is announced.
import type { EventBus } from '../api/event-bus'
import { ApiError } from '../api/api-error'
import { DEFAULT_GENERATION_OPTIONS, DEFAULT_SYSTEM_PROMPT } from '../inference/engine-api'
import type {
  AttachmentInfo,
  ChatSettings,
  Conversation,
  ConversationAttachment,
  ConversationSummary,
  Turn
} from '../../preload/contract/types'
import type { AttachmentStore } from './attachment-store'
import type { ChatEngine } from './chat-engine'
import { importConversation } from './conversation-import'
import { summarise, type ConversationStore } from './conversation-store'
import { copyTurns, newId } from './ids'
import { labelFor } from '../../preload/contract/labels'
import { keepForRegenerate, showAnswer } from './answer-versions'
import { buildRequest, runTurn } from './turn-runner'

export const DEFAULT_TITLE = 'New conversation'

export function defaultChatSettings(): ChatSettings {
  return { options: { ...DEFAULT_GENERATION_OPTIONS }, system: DEFAULT_SYSTEM_PROMPT }
}

export interface OutgoingAttachment {
  readonly id: string
  readonly frames: number | null
}

interface ActiveRun {
  readonly turnId: string
  readonly controller: AbortController
  readonly done: Promise<void>
}

export interface ConversationServiceDeps {
  readonly store: ConversationStore
  readonly attachments: AttachmentStore
  readonly events: EventBus
  /** The engine to answer with; throws NO_MODEL when none is loaded. */
  readonly engine: () => ChatEngine
  /** The settings a new conversation starts with (the user's defaults); the seed's if absent. */
  readonly chatDefaults?: () => Promise<ChatSettings | undefined>
}

export class ConversationService {
  private readonly active = new Map<string, ActiveRun>()
  private readonly locks = new Map<string, Promise<unknown>>()

  constructor(private readonly deps: ConversationServiceDeps) {}

  async list(): Promise<ConversationSummary[]> {
    return (await this.deps.store.list()).map(summarise)
  }

  async search(query: string): Promise<ConversationSummary[]> {
    const needle = query.trim().toLowerCase()
    const all = await this.deps.store.list()
    const hits = all.filter(
      (c) =>
        needle === '' ||
        c.title.toLowerCase().includes(needle) ||
        c.turns.some((t) => `${t.query}\n${t.response}`.toLowerCase().includes(needle))
    )
    return hits.map(summarise)
  }

  async create(title?: string): Promise<Conversation> {
    const now = new Date().toISOString()
    const conversation: Conversation = {
      id: newId('c'),
      title: title?.trim() || DEFAULT_TITLE,
      createdAt: now,
      updatedAt: now,
      settings: await this.newChatSettings(),
      attachments: [],
      carriedAttachmentIds: [],
      turns: []
    }
    await this.deps.store.save(conversation)
    return conversation
  }

  /** The conversation; a turn left "streaming" by an earlier run of the app reads as stopped. */
  async get(id: string): Promise<Conversation> {
    const conversation = await this.deps.store.load(id)
    const running = this.active.get(id)?.turnId
    return {
      ...conversation,
      turns: conversation.turns.map((turn) =>
        turn.status === 'streaming' && turn.id !== running ? { ...turn, status: 'stopped' } : turn
      )
    }
  }

  /** Pins the conversation to the top of the list, or unpins it; its date stays as it was. */
  setPinned(id: string, pinned: boolean): Promise<Conversation> {
    return this.mutate(id, (c) => ({ ...c, pinned }), { touch: false })
  }

  /** A conversation exported by this app, as a new one (see conversation-import.ts). */
  importFrom(path: string, name?: string): Promise<Conversation> {
    return importConversation(path, this.deps, name)
  }

  rename(id: string, title: string): Promise<Conversation> {
    return this.mutate(id, (c) => ({ ...c, title: title.trim() || c.title }))
  }

  async remove(id: string): Promise<void> {
    await this.stop(id)
    await this.withLock(id, () => this.deps.store.remove(id))
  }

  /** The seed's `:clh`: the turns go, the conversation's images stay for the next question. */
  async clearHistory(id: string): Promise<Conversation> {
    await this.stop(id)
    return this.mutate(id, (c) => ({
      ...c,
      turns: [],
      carriedAttachmentIds: c.attachments.map((a) => a.id)
    }))
  }

  updateSettings(
    id: string,
    patch: Partial<{ options: Partial<ChatSettings['options']>; system: string }>
  ): Promise<Conversation> {
    return this.mutate(id, (c) => ({
      ...c,
      settings: {
        options: { ...c.settings.options, ...patch.options },
        system: patch.system ?? c.settings.system
      }
    }))
  }

  /** Back to what a new conversation would start with now. */
  async resetSettings(id: string): Promise<Conversation> {
    const settings = await this.newChatSettings()
    return this.mutate(id, (c) => ({ ...c, settings }))
  }

  private async newChatSettings(): Promise<ChatSettings> {
    return (await this.deps.chatDefaults?.()) ?? defaultChatSettings()
  }

  async send(
    id: string,
    query: string,
    outgoing: readonly OutgoingAttachment[]
  ): Promise<{ turnId: string }> {
    this.assertIdle(id)
    const engine = this.deps.engine()
    const infos = await Promise.all(outgoing.map((a) => this.deps.attachments.get(a.id)))
    const turnId = newId('t')
    const conversation = await this.mutate(id, (c) => {
      const attachments: ConversationAttachment[] = [...c.attachments]
      for (const [index, info] of infos.entries()) {
        if (attachments.some((a) => a.id === info.id)) continue
        const frames = info.kind === 'video' ? (outgoing[index].frames ?? 32) : null
        attachments.push({
          id: info.id,
          label: labelFor(attachments.length),
          name: info.name,
          kind: info.kind,
          frames
        })
      }
      const wanted = new Set([...c.carriedAttachmentIds, ...infos.map((info) => info.id)])
      const attachmentIds = attachments.filter((a) => wanted.has(a.id)).map((a) => a.id)
      if (query.trim() === '' && attachmentIds.length === 0) {
        throw new ApiError('BAD_INPUT', 'Type a question or add an image first')
      }
      const title =
        c.title === DEFAULT_TITLE && c.turns.length === 0 ? titleFrom(query, c.title) : c.title
      const turn = freshTurn(turnId, query, attachmentIds)
      return { ...c, title, attachments, carriedAttachmentIds: [], turns: [...c.turns, turn] }
    })
    this.start(conversation, engine)
    return { turnId }
  }

  async regenerate(id: string): Promise<{ turnId: string }> {
    this.assertIdle(id)
    const engine = this.deps.engine()
    const turnId = newId('t')
    const conversation = await this.mutate(id, (c) => {
      const last = c.turns.at(-1)
      if (!last) throw new ApiError('BAD_INPUT', 'There is no answer to regenerate')
      const again = {
        ...freshTurn(turnId, last.query, last.attachmentIds),
        ...keepForRegenerate(last)
      }
      return { ...c, turns: [...c.turns.slice(0, -1), again] }
    })
    this.start(conversation, engine)
    return { turnId }
  }

  /** Shows another of the last question's answers; the next question builds on that one. */
  async selectAnswer(id: string, turnId: string, index: number): Promise<Conversation> {
    this.assertIdle(id)
    return this.mutate(id, (c) => {
      const last = c.turns.at(-1)
      if (!last || last.id !== turnId) {
        throw new ApiError('BAD_INPUT', 'Only the last question can switch between its answers')
      }
      return { ...c, turns: [...c.turns.slice(0, -1), showAnswer(last, index)] }
    })
  }

  /**
   * A new conversation holding this one's history up to and including `turnId` (with all its
   * attachments, so labels stay), to go another way from there; the original is left as it is.
   */
  async branch(id: string, turnId: string, title?: string): Promise<Conversation> {
    const source = await this.get(id)
    const index = source.turns.findIndex((t) => t.id === turnId)
    if (index < 0) throw new ApiError('NOT_FOUND', 'That question is no longer in the conversation')
    const now = new Date().toISOString()
    const branch: Conversation = {
      ...source,
      id: newId('c'),
      title: title?.trim() || source.title,
      createdAt: now,
      updatedAt: now,
      carriedAttachmentIds: [],
      turns: copyTurns(source.turns.slice(0, index + 1))
    }
    await this.deps.store.save(branch)
    return branch
  }

  /**
   * Replaces a finished answer with the user's text, marked as edited; the questions after it
   * build on the new text (the model's KV cache keeps only the prefix that still matches).
   */
  async editAnswer(id: string, turnId: string, response: string): Promise<Conversation> {
    this.assertIdle(id)
    return this.mutate(id, (c) => {
      const turn = c.turns.find((t) => t.id === turnId)
      if (!turn) throw new ApiError('NOT_FOUND', 'That answer is no longer in the conversation')
      if (turn.status !== 'done' && turn.status !== 'stopped') {
        throw new ApiError('BAD_INPUT', 'Only a finished or stopped answer can be edited')
      }
      const edited: Turn = { ...turn, response, edited: true }
      return { ...c, turns: c.turns.map((t) => (t.id === turnId ? edited : t)) }
    })
  }

  /** Replaces a question and drops every turn after it, then answers again. */
  async editAndResend(
    id: string,
    editedTurnId: string,
    query: string
  ): Promise<{ turnId: string }> {
    this.assertIdle(id)
    const engine = this.deps.engine()
    const turnId = newId('t')
    const conversation = await this.mutate(id, (c) => {
      const index = c.turns.findIndex((t) => t.id === editedTurnId)
      if (index < 0)
        throw new ApiError('NOT_FOUND', 'That question is no longer in the conversation')
      const edited = freshTurn(turnId, query, c.turns[index].attachmentIds)
      return { ...c, turns: [...c.turns.slice(0, index), edited] }
    })
    this.start(conversation, engine)
    return { turnId }
  }

  async stop(id: string): Promise<void> {
    const run = this.active.get(id)
    if (!run) return
    run.controller.abort()
    await run.done
  }

  /** Resolves when the conversation's running answer (if any) has been saved. */
  async idle(id: string): Promise<void> {
    await this.active.get(id)?.done
  }

  private assertIdle(id: string): void {
    if (this.active.has(id))
      throw new ApiError('BUSY', 'An answer is still being written; stop it first')
  }

  private start(conversation: Conversation, engine: ChatEngine): void {
    const turn = conversation.turns[conversation.turns.length - 1]
    const controller = new AbortController()
    const { events } = this.deps
    const ids = { conversationId: conversation.id, turnId: turn.id }
    const done = (async () => {
      let finished: Turn
      try {
        const request = await buildRequest(conversation, conversation.turns.length - 1, (a) =>
          this.deps.attachments.pathOf(a)
        )
        const infoOf = (a: string): Promise<AttachmentInfo> => this.deps.attachments.get(a)
        finished = await runTurn(
          engine,
          { conversation, turn, request, infoOf },
          {
            onDelta: (text) => events.emit('conversation.delta', { ...ids, text }),
            onRestart: () => events.emit('conversation.restart', ids)
          },
          controller.signal
        )
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error)
        finished = { ...turn, status: 'error', error: message }
      }
      const saved = await this.mutate(conversation.id, (c) => ({
        ...c,
        turns: c.turns.map((t) => (t.id === turn.id ? finished : t))
      })).catch(() => null)
      if (saved) events.emit('conversation.updated', { conversation: saved })
    })().finally(() => this.active.delete(conversation.id))
    this.active.set(conversation.id, { turnId: turn.id, controller, done })
  }

  private mutate(
    id: string,
    change: (c: Conversation) => Conversation,
    { touch } = { touch: true }
  ): Promise<Conversation> {
    return this.withLock(id, async () => {
      const changed = change(await this.deps.store.load(id))
      const next = touch ? { ...changed, updatedAt: new Date().toISOString() } : changed
      await this.deps.store.save(next)
      return next
    })
  }

  private withLock<T>(id: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(id) ?? Promise.resolve()
    const next = previous.catch(() => {}).then(work)
    this.locks.set(id, next)
    void next
      .catch(() => {})
      .finally(() => {
        if (this.locks.get(id) === next) this.locks.delete(id)
      })
    return next
  }
}

function freshTurn(id: string, query: string, attachmentIds: readonly string[]): Turn {
  return {
    id,
    query,
    attachmentIds,
    response: '',
    status: 'streaming',
    error: null,
    stats: null,
    createdAt: new Date().toISOString()
  }
}

function titleFrom(query: string, fallback: string): string {
  const line = query.trim().split('\n')[0]
  if (!line) return fallback
  return line.length > 48 ? `${line.slice(0, 47)}…` : line
}
