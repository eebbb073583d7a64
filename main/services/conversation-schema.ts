// The on-disk shape of one conversation file, versioned and checked with zod on every read.
// A new version adds a schema here and a step in `migrateConversation`; old files stay readable.
import { z } from 'zod'
import { ChatSettingsSchema } from '../../preload/contract/schemas'
import type { Conversation } from '../../preload/contract/types'

export const CONVERSATION_FILE_VERSION = 1

const TurnStatsSchema = z.strictObject({
  msToFirstToken: z.number().nonnegative(),
  decodeTokensPerSec: z.number().nonnegative(),
  generatedTokens: z.number().int().nonnegative(),
  promptTokens: z.number().int().nonnegative(),
  stopReason: z.enum(['stop-token', 'max-new-tokens', 'cancelled'])
})

const TurnSchema = z.strictObject({
  id: z.string().min(1),
  query: z.string(),
  attachmentIds: z.array(z.string()),
  response: z.string(),
  status: z.enum(['streaming', 'done', 'stopped', 'error']),
  error: z.string().nullable(),
  stats: TurnStatsSchema.nullable(),
  createdAt: z.string()
})

const ConversationAttachmentSchema = z.strictObject({
  id: z.string().regex(/^[a-f0-9]{64}$/),
  label: z.string().min(1),
  name: z.string(),
  kind: z.enum(['image', 'video']),
  frames: z.number().int().positive().nullable()
})

export const ConversationFileV1Schema = z.strictObject({
  version: z.literal(1),
  id: z.string().min(1),
  title: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  settings: ChatSettingsSchema,
  attachments: z.array(ConversationAttachmentSchema),
  carriedAttachmentIds: z.array(z.string()),
  turns: z.array(TurnSchema)
})

export type ConversationFile = z.infer<typeof ConversationFileV1Schema>

/** Reads any known version into the current shape; throws a ZodError for anything else. */
export function migrateConversation(raw: unknown): Conversation {
  const file = ConversationFileV1Schema.parse(raw)
  const { version: _version, ...conversation } = file
  return conversation
}

export function toConversationFile(conversation: Conversation): ConversationFile {
  return {
    version: CONVERSATION_FILE_VERSION,
    ...conversation,
    attachments: [...conversation.attachments],
    carriedAttachmentIds: [...conversation.carriedAttachmentIds],
    turns: conversation.turns.map((turn) => ({ ...turn, attachmentIds: [...turn.attachmentIds] }))
  }
}
