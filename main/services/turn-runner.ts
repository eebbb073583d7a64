// Runs one answer: builds the engine request from the conversation (earlier finished turns with
// their media, then the new turn), streams deltas out, and returns the finished turn. Media go in
// label order; the engine places one `<Img><ImageHere></Img>` per image before the query, so the
// k-th placeholder is the k-th label of that turn. The finished turn carries its ingestion
// receipt: what the model received for each of its attachments, as the engine reports it.
import type { ChatTurn, GenerateRequest, MediaItem, MediaReceipt } from '../inference/engine-api'
import type {
  AttachmentInfo,
  Conversation,
  ConversationAttachment,
  ReceivedMedia,
  Turn
} from '../../preload/contract/types'
import { userMessage } from '../inference/user-message'
import type { ChatEngine } from './chat-engine'

export interface TurnSink {
  onDelta(text: string): void
  onRestart(): void
}

export type PathOf = (attachmentId: string) => Promise<string>
export type InfoOf = (attachmentId: string) => Promise<AttachmentInfo>

/** The turn's attachments in order; one that the conversation lost is an error, never a gap. */
function attachmentsOf(conversation: Conversation, turn: Turn): ConversationAttachment[] {
  return turn.attachmentIds.map((id) => {
    const entry = conversation.attachments.find((attachment) => attachment.id === id)
    if (!entry) {
      throw new Error(`Attachment ${id.slice(0, 12)}… of this question is no longer in the chat`)
    }
    return entry
  })
}

async function mediaOf(
  conversation: Conversation,
  turn: Turn,
  pathOf: PathOf
): Promise<MediaItem[]> {
  const media: MediaItem[] = []
  for (const entry of attachmentsOf(conversation, turn)) {
    const path = await pathOf(entry.id)
    media.push(
      entry.kind === 'video'
        ? { kind: 'video', path, frames: entry.frames ?? undefined }
        : { kind: 'image', path }
    )
  }
  return media
}

/** Turns that count as history: finished or stopped with some text. */
export function isHistoryTurn(turn: Turn): boolean {
  return (turn.status === 'done' || turn.status === 'stopped') && turn.response.length > 0
}

export async function buildRequest(
  conversation: Conversation,
  turnIndex: number,
  pathOf: PathOf
): Promise<GenerateRequest> {
  const turns: ChatTurn[] = []
  for (const turn of conversation.turns.slice(0, turnIndex)) {
    if (!isHistoryTurn(turn)) continue
    turns.push({
      query: turn.query,
      media: await mediaOf(conversation, turn, pathOf),
      response: turn.response
    })
  }
  const current = conversation.turns[turnIndex]
  turns.push({ query: current.query, media: await mediaOf(conversation, current, pathOf) })
  return {
    conversationId: conversation.id,
    system: conversation.settings.system,
    turns,
    options: { ...conversation.settings.options }
  }
}

/**
 * The receipt of the request's last turn: per attachment, the engine's count of images and
 * prompt positions. An attachment the engine did not report is an error, never a silent drop.
 */
export async function receiptOf(
  conversation: Conversation,
  turn: Turn,
  media: readonly MediaReceipt[],
  lastTurn: number,
  infoOf: InfoOf
): Promise<ReceivedMedia[]> {
  const received: ReceivedMedia[] = []
  for (const [index, entry] of attachmentsOf(conversation, turn).entries()) {
    const item = media.find((m) => m.turn === lastTurn && m.index === index)
    if (!item || !item.inPrompt || item.images === 0) {
      throw new Error(`${entry.name} (${entry.label}) did not reach the model`)
    }
    const info = await infoOf(entry.id)
    received.push({
      attachmentId: entry.id,
      label: entry.label,
      kind: entry.kind,
      width: info.width,
      height: info.height,
      images: item.images,
      imageTokens: item.imageTokens
    })
  }
  return received
}

/**
 * A failed turn's message as the user sees it: cleaned of paths and runtime internals, and with
 * the store's file names (`<sha256>.png`) replaced by the names the user gave the attachments.
 */
export function turnErrorMessage(error: unknown, conversation: Conversation): string {
  return userMessage(error).replace(/\b([a-f0-9]{64})(?:\.[a-z0-9]{1,5})?\b/g, (stored, id) => {
    const entry = conversation.attachments.find((attachment) => attachment.id === id)
    return entry ? `${entry.name} (${entry.label})` : stored
  })
}

export interface TurnJob {
  readonly conversation: Conversation
  readonly turn: Turn
  readonly request: GenerateRequest
  readonly infoOf: InfoOf
}

export async function runTurn(
  engine: ChatEngine,
  job: TurnJob,
  sink: TurnSink,
  signal: AbortSignal
): Promise<Turn> {
  const { request, turn } = job
  let text = ''
  try {
    const result = await engine.generate(
      request,
      {
        onDelta: (delta) => {
          text += delta
          sink.onDelta(delta)
        },
        onRestart: () => {
          text = ''
          sink.onRestart()
        }
      },
      signal
    )
    const stats = result.stats
    const stopped = stats.stopReason === 'cancelled' || signal.aborted
    // An answer stopped before its prompt was built has no receipt to give.
    const received =
      stopped && stats.media.length === 0
        ? []
        : await receiptOf(job.conversation, turn, stats.media, request.turns.length - 1, job.infoOf)
    return {
      ...turn,
      response: stopped ? text : result.text,
      status: stopped ? 'stopped' : 'done',
      error: null,
      stats: {
        msToFirstToken: stats.msToFirstToken,
        decodeTokensPerSec: stats.decodeTokensPerSec,
        generatedTokens: stats.generatedTokens,
        promptTokens: stats.promptTokens,
        stopReason: stopped ? 'cancelled' : stats.stopReason,
        received,
        options: request.options
      }
    }
  } catch (error) {
    const message = turnErrorMessage(error, job.conversation)
    return { ...turn, response: text, status: 'error', error: message, stats: null }
  }
}
