// Runs one answer: builds the engine request from the conversation (earlier finished turns with
// their media, then the new turn), streams deltas out, and returns the finished turn. Media go in
// label order; the engine places one `<Img><ImageHere></Img>` per image before the query, so the
// k-th placeholder is the k-th label of that turn.
import type { ChatTurn, GenerateRequest, MediaItem } from '../inference/engine-api'
import type { Conversation, Turn } from '../../preload/contract/types'
import type { ChatEngine } from './chat-engine'

export interface TurnSink {
  onDelta(text: string): void
  onRestart(): void
}

export type PathOf = (attachmentId: string) => Promise<string>

async function mediaOf(
  conversation: Conversation,
  turn: Turn,
  pathOf: PathOf
): Promise<MediaItem[]> {
  const media: MediaItem[] = []
  for (const id of turn.attachmentIds) {
    const entry = conversation.attachments.find((attachment) => attachment.id === id)
    if (!entry) continue
    const path = await pathOf(id)
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

export async function runTurn(
  engine: ChatEngine,
  request: GenerateRequest,
  turn: Turn,
  sink: TurnSink,
  signal: AbortSignal
): Promise<Turn> {
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
        stopReason: stopped ? 'cancelled' : stats.stopReason
      }
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return { ...turn, response: text, status: 'error', error: message, stats: null }
  }
}
