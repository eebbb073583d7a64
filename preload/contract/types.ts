// Plain data the main side answers with and sends in events: types only, never parsed in the
// renderer (main is the trusted side of this boundary).
import type { z } from 'zod'
import type { GenerationOptions } from './generation-options'
import type { ModelPlacement } from './model-placement'
import type { AppSettingsSchema, ChatSettingsSchema } from './schemas'

export type { GenerationOptions } from './generation-options'
export type { ModelPlacement, PlacementStage } from './model-placement'
export type ChatSettings = z.infer<typeof ChatSettingsSchema>
export type AppSettings = z.infer<typeof AppSettingsSchema>

export type AttachmentKind = 'image' | 'video'

export interface VideoInfo {
  readonly frameCount: number
  readonly durationSec: number
  readonly width: number
  readonly height: number
}

export interface AttachmentInfo {
  readonly id: string
  readonly name: string
  readonly kind: AttachmentKind
  readonly bytes: number
  readonly width: number
  readonly height: number
  /** Small preview as a data: URL (the renderer never sees file paths). */
  readonly thumbnail: string
  readonly video: VideoInfo | null
}

/** An attachment as used in one conversation: its stable label (A, B, …) and frame count. */
export interface ConversationAttachment {
  readonly id: string
  readonly label: string
  readonly name: string
  readonly kind: AttachmentKind
  /** Frames sampled from a video (null for images). */
  readonly frames: number | null
}

/** What the model received for one attachment of a turn (the turn's ingestion receipt). */
export interface ReceivedMedia {
  readonly attachmentId: string
  readonly label: string
  readonly kind: AttachmentKind
  /** The file's own size in pixels (each image or frame reaches the model as 224x224). */
  readonly width: number
  readonly height: number
  /** Images the model saw: 1, or the frames sampled from a video. */
  readonly images: number
  /** Prompt positions those images filled (32 per image). */
  readonly imageTokens: number
}

export interface TurnStats {
  readonly msToFirstToken: number
  readonly decodeTokensPerSec: number
  readonly generatedTokens: number
  readonly promptTokens: number
  readonly stopReason: 'stop-token' | 'max-new-tokens' | 'cancelled'
  readonly received: readonly ReceivedMedia[]
  /** The generation options the answer was written with (absent in older files). */
  readonly options?: GenerationOptions
}

export type TurnStatus = 'streaming' | 'done' | 'stopped' | 'error'

/** One answer to a question; "regenerate" keeps the earlier ones. */
export interface AnswerVersion {
  readonly response: string
  readonly stats: TurnStats | null
  readonly status: 'done' | 'stopped'
  /** Changed by hand after the model wrote it (its stats describe the model's text). */
  readonly edited?: boolean
}

export interface Turn {
  readonly id: string
  readonly query: string
  /** Attachment ids sent with this turn, in label order. */
  readonly attachmentIds: readonly string[]
  readonly response: string
  readonly status: TurnStatus
  readonly error: string | null
  readonly stats: TurnStats | null
  readonly createdAt: string
  /** The question's other answers, oldest first (absent: none). */
  readonly alternatives?: readonly AnswerVersion[]
  /** Where the shown answer sits among all answers, 0-based (absent: the newest). */
  readonly answerIndex?: number
  /** The shown answer was changed by hand after the model wrote it. */
  readonly edited?: boolean
}

export interface Conversation {
  readonly id: string
  readonly title: string
  readonly createdAt: string
  readonly updatedAt: string
  readonly settings: ChatSettings
  readonly attachments: readonly ConversationAttachment[]
  /** Attachments kept by "clear history": they go with the next question again. */
  readonly carriedAttachmentIds: readonly string[]
  readonly turns: readonly Turn[]
  /** Kept at the top of the conversation list. */
  readonly pinned?: boolean
}

export interface ConversationSummary {
  readonly id: string
  readonly title: string
  readonly updatedAt: string
  readonly turnCount: number
  readonly attachmentCount: number
  readonly pinned: boolean
}

export interface FrameStrip {
  readonly frameCount: number
  readonly indices: readonly number[]
  /** data: URL thumbnails, one per chosen index. */
  readonly thumbnails: readonly string[]
}

export type ModelState = 'none' | 'starting' | 'loading' | 'ready' | 'restarting' | 'failed'

export interface ModelStatus {
  readonly state: ModelState
  readonly packagePath: string | null
  /** True when the loaded weights are the random demo model. */
  readonly demo: boolean
  readonly demoNotice: string | null
  readonly error: string | null
  readonly loadMs: number | null
  /** Which devices hold which decoder layers; null until a model is loaded, or when the host
   *  does not say (a canned test host). */
  readonly placement: ModelPlacement | null
}

export interface ModelPackageEntry {
  readonly path: string
  readonly name: string
  readonly demo: boolean
}

export interface PlacementBar {
  readonly device: string
  readonly capacityBytes: number
  readonly weightsBytes: number
  readonly kvCacheBytes: number
  readonly visionBytes: number
  readonly layers: readonly [number, number] | null
}

export interface PlacementPreview {
  readonly bars: readonly PlacementBar[]
  readonly split: readonly number[]
  readonly fits: boolean
  readonly summary: string
}

export interface ExportResult {
  /** The export's own folder name under the exports folder (the key for reveal and download). */
  readonly name: string
  readonly path: string
  readonly files: readonly string[]
}

/** One request to the local OpenAI-compatible API, as its log shows it. */
export interface ApiLogEntry {
  /** When the request arrived (ISO time). */
  readonly at: string
  /** Remote address and user agent. */
  readonly client: string
  readonly model: string | null
  readonly status: number
  readonly stream: boolean
  readonly promptTokens: number
  /** Prompt tokens found in the KV cache from an earlier request (prefix reuse). */
  readonly cachedTokens: number
  readonly completionTokens: number
  readonly ms: number
  /** Decode speed in tokens per second, when there were tokens to time. */
  readonly tokensPerSec: number | null
  readonly error: string | null
}

/** The local API server as settings show it. */
export interface ApiServerStatus {
  /** Switched on in settings (or by `mpp serve --api`). */
  readonly enabled: boolean
  readonly running: boolean
  /** Base URL for OpenAI clients (…/v1) while running. */
  readonly url: string | null
  readonly host: string
  readonly port: number
  /** The bearer key; null once revoked (until a new one is made). */
  readonly key: string | null
  readonly allowLoopbackWithoutKey: boolean
  /** Why it is not running although enabled (e.g. the port is taken). */
  readonly error: string | null
  /** Latest requests, oldest first. */
  readonly log: readonly ApiLogEntry[]
}

/** What a web-mode server lets the page do (POST /api/capabilities). */
export interface WebCapabilities {
  /** Started with `mpp serve --allow-paths`: routes may read paths on the server's disk. */
  readonly allowPaths: boolean
}
