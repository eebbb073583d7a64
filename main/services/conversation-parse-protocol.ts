// What the conversation parse worker (conversation-parse-worker.ts) answers, checked by the
// receiver: the conversation in its file form (validated again, cheaply, by the caller), or why
// the text is not one.
import { z } from 'zod'
import { migrateConversation, toConversationFile } from './conversation-schema'

export const ParseOutcomeSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), file: z.unknown() }),
  z.strictObject({ ok: z.literal(false), reason: z.enum(['json', 'schema']) })
])
export type ParseOutcome = z.infer<typeof ParseOutcomeSchema>

export const PARSE_WORKER_FILE = 'conversation-parse-worker.js'

/** Parses and checks the text (what the worker runs; in-thread where it is not built). */
export function parseConversationFile(text: string): ParseOutcome {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return { ok: false, reason: 'json' }
  }
  try {
    return { ok: true, file: toConversationFile(migrateConversation(raw)) }
  } catch {
    return { ok: false, reason: 'schema' }
  }
}
