// The on-disk shape of one conversation file, versioned and checked with zod on every read.
// A new version adds a schema here and a step in `migrateConversation`; old files stay readable.
import { z } from 'zod'
import {
  AttachmentIdSchema,
  RecordedGenerationOptionsSchema,
  StoredChatSettingsSchema
} from '../../preload/contract/schemas'
import type { Conversation, TurnStats } from '../../preload/contract/types'

export const CONVERSATION_FILE_VERSION = 3

const TurnStatsV1Schema = z.strictObject({
  msToFirstToken: z.number().nonnegative(),
  decodeTokensPerSec: z.number().nonnegative(),
  generatedTokens: z.number().int().nonnegative(),
  promptTokens: z.number().int().nonnegative(),
  stopReason: z.enum(['stop-token', 'max-new-tokens', 'cancelled'])
})

/**
 * Version 2 adds the ingestion receipt (what the model received per attachment) and the options
 * an answer was written with.
 */
const TurnStatsV2Schema = TurnStatsV1Schema.extend({
  options: RecordedGenerationOptionsSchema.optional(),
  received: z.array(
    z.strictObject({
      attachmentId: AttachmentIdSchema,
      label: z.string().min(1),
      kind: z.enum(['image', 'video']),
      width: z.number().int().nonnegative(),
      height: z.number().int().nonnegative(),
      images: z.number().int().nonnegative(),
      imageTokens: z.number().int().nonnegative()
    })
  )
})

function turnSchema<S extends z.ZodType>(stats: S) {
  return z.strictObject({
    id: z.string().min(1),
    query: z.string(),
    attachmentIds: z.array(z.string()),
    response: z.string(),
    status: z.enum(['streaming', 'done', 'stopped', 'error']),
    error: z.string().nullable(),
    stats: stats.nullable(),
    createdAt: z.string()
  })
}

/** Version 2 also keeps a question's earlier answers (regenerate). */
function turnV2Schema<S extends z.ZodType>(stats: S) {
  const answer = z.strictObject({
    response: z.string(),
    stats: stats.nullable(),
    status: z.enum(['done', 'stopped'])
  })
  return turnSchema(stats).extend({
    alternatives: z.array(answer).max(64).optional(),
    answerIndex: z.number().int().nonnegative().optional()
  })
}

/** Version 3 marks answers changed by hand after the model wrote them. */
function turnV3Schema<S extends z.ZodType>(stats: S) {
  const answer = z.strictObject({
    response: z.string(),
    stats: stats.nullable(),
    status: z.enum(['done', 'stopped']),
    edited: z.boolean().optional()
  })
  return turnV2Schema(stats).extend({
    alternatives: z.array(answer).max(64).optional(),
    edited: z.boolean().optional()
  })
}

const ConversationAttachmentSchema = z.strictObject({
  id: AttachmentIdSchema,
  label: z.string().min(1),
  name: z.string(),
  kind: z.enum(['image', 'video']),
  frames: z.number().int().positive().nullable()
})

function conversationFileSchema<V extends number, T extends z.ZodType>(version: V, turn: T) {
  return z.strictObject({
    version: z.literal(version),
    id: z.string().min(1),
    title: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    settings: StoredChatSettingsSchema,
    attachments: z.array(ConversationAttachmentSchema),
    carriedAttachmentIds: z.array(z.string()),
    turns: z.array(turn)
  })
}

export const ConversationFileV1Schema = conversationFileSchema(1, turnSchema(TurnStatsV1Schema))
export const ConversationFileV2Schema = conversationFileSchema(2, turnV2Schema(TurnStatsV2Schema))
/** Version 3 also lets a conversation be pinned to the top of the list. */
export const ConversationFileV3Schema = conversationFileSchema(
  3,
  turnV3Schema(TurnStatsV2Schema)
).extend({ pinned: z.boolean().optional() })

export type ConversationFile = z.infer<typeof ConversationFileV3Schema>

/** Reads any known version into the current shape; throws a ZodError for anything else. */
export function migrateConversation(raw: unknown): Conversation {
  const version = (raw as { version?: unknown } | null)?.version
  if (version === 1) {
    const { version: _version, ...old } = ConversationFileV1Schema.parse(raw)
    return {
      ...old,
      turns: old.turns.map((turn) => ({
        ...turn,
        stats: turn.stats === null ? null : { ...turn.stats, received: [] }
      }))
    }
  }
  if (version === 2) {
    // Version 3 only adds optional fields: a version 2 file is already in the current shape.
    const { version: _version, ...conversation } = ConversationFileV2Schema.parse(raw)
    return conversation
  }
  const { version: _version, ...conversation } = ConversationFileV3Schema.parse(raw)
  return conversation
}

export function toConversationFile(conversation: Conversation): ConversationFile {
  return {
    version: CONVERSATION_FILE_VERSION,
    ...conversation,
    attachments: [...conversation.attachments],
    carriedAttachmentIds: [...conversation.carriedAttachmentIds],
    turns: conversation.turns.map((turn) => ({
      ...turn,
      attachmentIds: [...turn.attachmentIds],
      stats: statsFile(turn.stats),
      alternatives: turn.alternatives?.map((answer) => ({
        ...answer,
        stats: statsFile(answer.stats)
      }))
    }))
  }
}

function statsFile(stats: TurnStats | null): z.infer<typeof TurnStatsV2Schema> | null {
  return stats === null ? null : { ...stats, received: [...stats.received] }
}
