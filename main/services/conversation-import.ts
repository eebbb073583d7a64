// Imports a conversation this app exported ("Export Markdown": conversation.json beside
// conversation.md, the media under images/ named by label) as a new conversation. Each medium must
// be the very file the conversation was made with (its sha256 is the attachment id); the
// conversation is saved only when every one of them is in the attachment store.
import type { Conversation, ConversationAttachment } from '../../preload/contract/types'
import { ServiceError } from './service-error'
import type { AttachmentStore } from './attachment-store'
import { migrateConversation } from './conversation-schema'
import type { ConversationStore } from './conversation-store'
import { mediaFileName } from './export'
import { CONVERSATION_FILE, openExport, type ExportReader } from './export-reader'
import { copyTurns, newId } from './ids'

const LABEL = /^[A-Z]{1,4}$/

export interface ImportDeps {
  readonly store: ConversationStore
  readonly attachments: AttachmentStore
}

/** Where a Markdown export keeps an attachment. */
export function exportedMediaPath(attachment: ConversationAttachment): string {
  return `images/${mediaFileName(attachment)}`
}

function parse(reader: ExportReader, text: string): Conversation {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    throw new ServiceError('BAD_INPUT', `${reader.name}: ${CONVERSATION_FILE} is not valid JSON`)
  }
  try {
    return migrateConversation(raw)
  } catch {
    throw new ServiceError(
      'BAD_INPUT',
      `${reader.name}: ${CONVERSATION_FILE} is not a conversation this version of the app can read`
    )
  }
}

async function storeMedia(
  reader: ExportReader,
  conversation: Conversation,
  attachments: AttachmentStore
): Promise<void> {
  const missing: string[] = []
  for (const attachment of conversation.attachments) {
    // Labels name the exported files; this app only ever writes letters there.
    if (!LABEL.test(attachment.label)) {
      throw new ServiceError(
        'BAD_INPUT',
        `${reader.name}: "${attachment.label}" is not an attachment label this app writes`
      )
    }
    const path = exportedMediaPath(attachment)
    const stream = await reader.open(path)
    if (!stream) {
      missing.push(path)
      continue
    }
    const stored = await attachments.addStream(attachment.name, stream)
    if (stored.id !== attachment.id) {
      throw new ServiceError(
        'BAD_INPUT',
        `${reader.name}: ${path} is not the file this conversation was made with (it changed after the export)`
      )
    }
  }
  if (missing.length > 0) {
    throw new ServiceError('BAD_INPUT', `${reader.name} lacks ${missing.join(', ')}`)
  }
}

/** Imports the export at `path` (see export-reader.ts) and returns the new conversation. */
export async function importConversation(
  path: string,
  deps: ImportDeps,
  name?: string
): Promise<Conversation> {
  const reader = await openExport(path, name)
  try {
    const text = await reader.conversationText()
    if (text === null) {
      throw new ServiceError(
        'BAD_INPUT',
        `${reader.name} holds no ${CONVERSATION_FILE}: import takes what “Export Markdown” writes`
      )
    }
    const exported = parse(reader, text)
    await storeMedia(reader, exported, deps.attachments)
    const imported: Conversation = {
      ...exported,
      id: newId('c'),
      updatedAt: new Date().toISOString(),
      turns: copyTurns(exported.turns)
    }
    await deps.store.save(imported)
    return imported
  } finally {
    reader.close()
  }
}
