// Decodes the n choices of one chat completion through the app's engine, one after another on
// the same engine conversation (so choice 2 reuses choice 1's prompt). Deltas go out through the
// answer text filter; a stop sequence ends the decode at once, as does the request's signal
// (within one decode step, which the engine checks). After a model host restart the engine
// replays the answer from the start: what was already sent is skipped, not sent twice.
import type { GenerateRequest, GenerationStats } from '../inference/engine-api'
import type { ChatEngine } from '../services/chat-engine'
import { AnswerText } from './answer-text'
import type { DecodingPlan } from './generation-mapping'
import type { EngineConversation } from './messages'

export type FinishReason = 'stop' | 'length'

export interface ChoiceResult {
  readonly text: string
  readonly finishReason: FinishReason
  readonly completionTokens: number
}

export interface CompletionResult {
  readonly choices: readonly ChoiceResult[]
  readonly promptTokens: number
  /** Prompt tokens of the first choice found in the KV cache (not prefilled again). */
  readonly reusedTokens: number
  readonly completionTokens: number
  readonly msToFirstToken: number
  readonly decodeMs: number
  readonly cancelled: boolean
}

export interface CompletionJob {
  readonly conversationId: string
  readonly conversation: EngineConversation
  readonly plan: DecodingPlan
}

export type DeltaSink = (choice: number, text: string) => void

interface ChoiceRun {
  readonly result: ChoiceResult
  readonly stats: GenerationStats
  readonly cancelled: boolean
}

async function runChoice(
  engine: ChatEngine,
  request: GenerateRequest,
  stops: readonly string[],
  send: (text: string) => void,
  signal: AbortSignal
): Promise<ChoiceRun> {
  const inner = new AbortController()
  const abort = (): void => inner.abort()
  signal.addEventListener('abort', abort, { once: true })
  let answer = new AnswerText(stops)
  let sent = 0
  let skip = 0
  const out = (piece: string): void => {
    const fresh = piece.slice(Math.min(skip, piece.length))
    skip = Math.max(0, skip - piece.length)
    if (fresh === '') return
    sent += fresh.length
    send(fresh)
  }
  try {
    const result = await engine.generate(
      request,
      {
        onDelta: (delta) => {
          out(answer.push(delta))
          if (answer.stopped) inner.abort()
        },
        onRestart: () => {
          answer = new AnswerText(stops)
          skip = sent
        }
      },
      inner.signal
    )
    out(answer.flush())
    const cancelled = signal.aborted
    const finishReason: FinishReason =
      !answer.stopped && result.stats.stopReason === 'max-new-tokens' ? 'length' : 'stop'
    return {
      result: { text: answer.text, finishReason, completionTokens: result.stats.generatedTokens },
      stats: result.stats,
      cancelled
    }
  } finally {
    signal.removeEventListener('abort', abort)
  }
}

export async function runCompletion(
  engine: ChatEngine,
  job: CompletionJob,
  onDelta: DeltaSink,
  signal: AbortSignal
): Promise<CompletionResult> {
  const { plan, conversation } = job
  const choices: ChoiceResult[] = []
  let promptTokens = 0
  let reusedTokens = 0
  let msToFirstToken = 0
  let decodeMs = 0
  let cancelled = false
  for (let index = 0; index < plan.choices && !cancelled; index++) {
    const request: GenerateRequest = {
      conversationId: job.conversationId,
      system: conversation.system,
      turns: conversation.turns,
      options: { ...plan.options, seed: plan.options.seed + index }
    }
    const run = await runChoice(engine, request, plan.stop, (text) => onDelta(index, text), signal)
    choices.push(run.result)
    cancelled = run.cancelled
    if (index === 0) {
      promptTokens = run.stats.promptTokens
      msToFirstToken = run.stats.msToFirstToken
      reusedTokens = run.stats.promptTokens - run.stats.prefillTokens
    }
    const { generatedTokens, decodeTokensPerSec } = run.stats
    if (generatedTokens > 1 && decodeTokensPerSec > 0) {
      decodeMs += ((generatedTokens - 1) * 1000) / decodeTokensPerSec
    }
  }
  return {
    choices,
    promptTokens,
    reusedTokens,
    completionTokens: choices.reduce((sum, c) => sum + c.completionTokens, 0),
    msToFirstToken,
    decodeMs,
    cancelled
  }
}
