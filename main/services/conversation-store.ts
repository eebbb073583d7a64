// One JSON file per conversation under a folder, written atomically and checked on read. A file
// that does not parse is renamed *.damaged-<timestamp> and reported once; it costs no other
// conversation. Listing keeps parsed files by size and mtime, so the list the UI asks for after
// every answer re-reads only the files that changed.
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Conversation, ConversationSummary } from '../../preload/contract/types'
import { ServiceError } from './service-error'
import { writeFileAtomic } from './atomic-file'
import { migrateConversation, toConversationFile } from './conversation-schema'

const ID_PATTERN = /^[A-Za-z0-9_-]{1,80}$/

export interface ConversationStoreOptions {
  readonly dir: string
  /** Told once per damaged file set aside. */
  readonly onDamaged?: (file: string, setAsidePath: string, reason: string) => void
}

interface Parsed {
  readonly size: number
  readonly mtimeMs: number
  readonly conversation: Conversation
}

export class ConversationStore {
  private readonly parsed = new Map<string, Parsed>()

  constructor(private readonly options: ConversationStoreOptions) {}

  private pathOf(id: string): string {
    if (!ID_PATTERN.test(id))
      throw new ServiceError('BAD_INPUT', `"${id}" is not a conversation id`)
    return join(this.options.dir, `${id}.json`)
  }

  async save(conversation: Conversation): Promise<void> {
    await mkdir(this.options.dir, { recursive: true })
    const text = JSON.stringify(toConversationFile(conversation), null, 2)
    await writeFileAtomic(this.pathOf(conversation.id), text)
  }

  /** The conversation, or NOT_FOUND (also when its file was damaged and has just been set aside). */
  async load(id: string): Promise<Conversation> {
    const path = this.pathOf(id)
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') throw new ServiceError('NOT_FOUND', `No conversation ${id}`)
      throw error
    })
    const conversation = await this.parseOrSetAside(path, text)
    if (!conversation)
      throw new ServiceError('NOT_FOUND', `Conversation ${id} was damaged and set aside`)
    return conversation
  }

  async remove(id: string): Promise<void> {
    await rm(this.pathOf(id), { force: true })
  }

  /** Every readable conversation, pinned then newest first; damaged files are set aside. */
  async list(): Promise<Conversation[]> {
    const names = await readdir(this.options.dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[]
      throw error
    })
    const conversations: Conversation[] = []
    const present = new Set<string>()
    for (const name of names) {
      if (!name.endsWith('.json') || name.startsWith('.')) continue
      const path = join(this.options.dir, name)
      const info = await stat(path).catch(() => null)
      if (!info?.isFile()) continue
      present.add(path)
      const known = this.parsed.get(path)
      if (known && known.size === info.size && known.mtimeMs === info.mtimeMs) {
        conversations.push(known.conversation)
        continue
      }
      const text = await readFile(path, 'utf8').catch(() => null)
      if (text === null) continue
      const conversation = await this.parseOrSetAside(path, text)
      if (!conversation) continue
      this.parsed.set(path, { size: info.size, mtimeMs: info.mtimeMs, conversation })
      conversations.push(conversation)
    }
    for (const path of this.parsed.keys()) if (!present.has(path)) this.parsed.delete(path)
    // Pinned first, then newest first.
    return conversations.sort(
      (a, b) =>
        Number(b.pinned === true) - Number(a.pinned === true) ||
        b.updatedAt.localeCompare(a.updatedAt)
    )
  }

  private async parseOrSetAside(path: string, text: string): Promise<Conversation | null> {
    try {
      return migrateConversation(JSON.parse(text))
    } catch (error) {
      const stamp = new Date().toISOString().replace(/[:.]/g, '-')
      const aside = `${path}.damaged-${stamp}`
      await rename(path, aside).catch(() => {})
      const reason = error instanceof SyntaxError ? 'not valid JSON' : 'unexpected content'
      this.options.onDamaged?.(path, aside, reason)
      return null
    }
  }
}

export function summarise(conversation: Conversation): ConversationSummary {
  return {
    id: conversation.id,
    title: conversation.title,
    updatedAt: conversation.updatedAt,
    turnCount: conversation.turns.length,
    attachmentCount: conversation.attachments.length,
    pinned: conversation.pinned === true
  }
}
