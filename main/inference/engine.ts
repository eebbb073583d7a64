// The engine facade: load a model package, answer conversation turns with streamed text, keep
// per-conversation KV caches and image embeddings, unload. Plain data in and out, so the model
// host can drive it across a process boundary. Calls are serialised: one model-bound job at a time.
import type { GenerateCallbacks, GenerateRequest, GenerateResult, MediaItem } from './engine-api'
import { EngineError } from './engine-errors'
import { loadModelParts } from './engine/load-parts'
import type { EngineInfo, EngineLoadOptions, ModelParts } from './engine/model-parts'
import { runTurn } from './engine/turn'
import { ConversationCache } from './generation/conversation-cache'

export { EngineError } from './engine-errors'
export type { EngineInfo, EngineLoadOptions, LoadProgress } from './engine/model-parts'

/** Conversations whose KV cache is kept at once (least recently used ones are dropped). */
const KEPT_CONVERSATIONS = 4

export class Engine {
  private parts: ModelParts | undefined
  private readonly conversations: ConversationCache
  private queue: Promise<unknown> = Promise.resolve()

  private constructor(parts: ModelParts) {
    this.parts = parts
    this.conversations = new ConversationCache(parts.facts.imagePadId, KEPT_CONVERSATIONS)
  }

  static async load(pkgDir: string, options: EngineLoadOptions = {}): Promise<Engine> {
    return new Engine(await loadModelParts(pkgDir, options))
  }

  get info(): EngineInfo {
    return this.loaded().info
  }

  generate(
    request: GenerateRequest,
    callbacks: GenerateCallbacks = {},
    signal?: AbortSignal
  ): Promise<GenerateResult> {
    return this.serialise(async () => {
      const parts = this.loaded()
      const context = { ports: parts.ports, facts: parts.facts, conversations: this.conversations }
      return runTurn(context, request, callbacks, signal)
    })
  }

  /** Encodes media into the embedding cache ahead of a turn; images counts video frames. */
  encodeMedia(
    items: readonly MediaItem[],
    signal?: AbortSignal
  ): Promise<{ images: number; ms: number }> {
    return this.serialise(async () => {
      const media = this.loaded().media
      const started = performance.now()
      let images = 0
      for (const item of items) {
        signal?.throwIfAborted()
        images += (await media.encode(item, signal)).count
      }
      return { images, ms: performance.now() - started }
    })
  }

  dropConversation(conversationId: string): void {
    this.conversations.drop(conversationId)
  }

  async unload(): Promise<void> {
    await this.queue.catch(() => undefined)
    const parts = this.parts
    this.parts = undefined
    this.conversations.clear()
    await parts?.dispose()
  }

  /** For the benchmark and tests: the loaded parts. */
  internals(): ModelParts {
    return this.loaded()
  }

  private loaded(): ModelParts {
    if (this.parts === undefined) throw new EngineError('UNLOADED', 'the model has been unloaded')
    return this.parts
  }

  private serialise<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.catch(() => undefined).then(job)
    this.queue = run
    return run
  }
}
