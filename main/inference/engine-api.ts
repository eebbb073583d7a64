// The engine's public face: what the model host, the CLI and the tests call to load a model and
// hold a conversation. Plain data only, so every value here can cross a process boundary.

/** Generation options with the seed's defaults (MODEL-SPEC §8.1, CLI column): the contract's
 * one definition, which every front door checks against. */
import type { GenerationOptions } from '../../preload/contract/generation-options'
export {
  DEFAULT_GENERATION_OPTIONS,
  DEFAULT_SYSTEM_PROMPT,
  type GenerationOptions
} from '../../preload/contract/generation-options'

/** An image file, or a video sampled into `frames` frames (default 32) by the seed's rule. */
export type MediaItem =
  | { readonly kind: 'image'; readonly path: string }
  | { readonly kind: 'video'; readonly path: string; readonly frames?: number }

/** One user turn; `response` is absent on the turn being generated. */
export interface ChatTurn {
  readonly query: string
  /** Media attached to this turn, placed before the query as the seed's CLI does. */
  readonly media: readonly MediaItem[]
  readonly response?: string
}

export interface GenerateRequest {
  /** Key of the conversation whose KV cache may be reused for the next turn. */
  readonly conversationId: string
  readonly system: string
  /** Earlier turns (with responses), then the new turn (without). */
  readonly turns: readonly ChatTurn[]
  readonly options: GenerationOptions
}

export type StopReason = 'stop-token' | 'max-new-tokens' | 'cancelled'

/**
 * What the model received for one media item of the request (the ingestion receipt): how many
 * 224x224 images it became (a video's sampled frames) and how many prompt positions they filled.
 * `inPrompt` is false only for an item of an earlier turn that the history window left out.
 */
export interface MediaReceipt {
  /** Index of the turn in the request, and of the item in that turn's media. */
  readonly turn: number
  readonly index: number
  readonly kind: MediaItem['kind']
  readonly images: number
  readonly imageTokens: number
  readonly inPrompt: boolean
}

export interface GenerationStats {
  readonly promptTokens: number
  /** Prompt tokens actually prefilled this turn (less than promptTokens when the cache was reused). */
  readonly prefillTokens: number
  readonly generatedTokens: number
  readonly msToFirstToken: number
  readonly prefillTokensPerSec: number
  readonly decodeTokensPerSec: number
  readonly imageEncodeMs: number
  readonly stopReason: StopReason
  /** One entry per media item of every turn of the request, in request order. */
  readonly media: readonly MediaReceipt[]
}

export interface GenerateResult {
  readonly ids: readonly number[]
  readonly text: string
  readonly stats: GenerationStats
}

export interface GenerateCallbacks {
  /** A piece of answer text; never splits a UTF-8 character. */
  onDelta?(text: string): void
}
