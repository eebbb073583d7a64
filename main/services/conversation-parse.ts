// Parses an imported conversation.json off the request thread: a cheap linear pre-scan bounds
// depth and object count (json-bounds.ts), then a worker thread parses and checks it under a time
// and memory limit, and its answer is checked again here (cheap for a valid conversation). Where
// the worker is not built (running from sources), the bounded text is parsed in this thread.
import { Worker } from 'node:worker_threads'
import type { Conversation } from '../../preload/contract/types'
import { findBuiltEntry } from '../inference/built-entry'
import {
  PARSE_WORKER_FILE,
  ParseOutcomeSchema,
  parseConversationFile
} from './conversation-parse-protocol'
import { migrateConversation } from './conversation-schema'
import { CONVERSATION_JSON_BOUNDS, jsonBoundsProblem } from './json-bounds'

const TIME_LIMIT_MS = 10_000
const HEAP_LIMIT_MB = 512

export type ParsedConversation =
  | { readonly ok: true; readonly conversation: Conversation }
  | { readonly ok: false; readonly problem: string }

const PROBLEMS = {
  json: 'is not valid JSON',
  schema: 'is not a conversation this version of the app can read',
  limit: `is not a conversation: checking it took more than ${TIME_LIMIT_MS / 1000} s or ${HEAP_LIMIT_MB} MB`
} as const

/** A parse outcome as this thread trusts it: checked, and the conversation checked again. */
function received(raw: unknown): ParsedConversation {
  const outcome = ParseOutcomeSchema.safeParse(raw)
  if (!outcome.success) return { ok: false, problem: PROBLEMS.schema }
  if (!outcome.data.ok) return { ok: false, problem: PROBLEMS[outcome.data.reason] }
  try {
    return { ok: true, conversation: migrateConversation(outcome.data.file) }
  } catch {
    return { ok: false, problem: PROBLEMS.schema }
  }
}

function inWorker(entry: string, text: string): Promise<ParsedConversation> {
  return new Promise((resolve) => {
    const worker = new Worker(entry, {
      workerData: { text },
      resourceLimits: { maxOldGenerationSizeMb: HEAP_LIMIT_MB }
    })
    let settled = false
    const settle = (outcome: ParsedConversation): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      void worker.terminate()
      resolve(outcome)
    }
    const timer = setTimeout(() => settle({ ok: false, problem: PROBLEMS.limit }), TIME_LIMIT_MS)
    worker.once('message', (raw: unknown) => settle(received(raw)))
    // A worker stopped by its memory limit ends with an error, then exits.
    worker.once('error', () => settle({ ok: false, problem: PROBLEMS.limit }))
    worker.once('exit', () => settle({ ok: false, problem: PROBLEMS.limit }))
  })
}

/** The conversation in `text`, or what makes it not one (to follow the file's name). */
export async function parseConversationText(text: string): Promise<ParsedConversation> {
  const problem = jsonBoundsProblem(text, CONVERSATION_JSON_BOUNDS)
  if (problem) return { ok: false, problem: `is not a conversation: ${problem}` }
  const entry = findBuiltEntry(PARSE_WORKER_FILE)
  return entry ? inWorker(entry, text) : received(parseConversationFile(text))
}
