// What one conversation turn needs from the rest of the engine, as narrow interfaces: the
// prompt builder, media encoding, sequences over the decoder stages, the token policy and the
// streaming detokenizer. engine.ts wires the real parts in; nothing here knows about ONNX.
import type { GenerateRequest, GenerationOptions, MediaItem } from '../engine-api'
import type { KvSequence } from '../generation/kv-sequence'
import type { TokenPolicy } from '../generation/token-policy'

/** Embeddings of one media item: `count` images of `rows` floats each, with one key per image. */
export interface EncodedMedia {
  readonly count: number
  readonly rows: Float32Array
  readonly keys: readonly string[]
}

export interface TurnPrompt {
  readonly ids: number[]
  /** Indexes into request.turns, ascending. */
  readonly keptTurns: readonly number[]
}

export interface StreamingText {
  /** Text completed by this token (never half a UTF-8 character). */
  push(id: number): string
  /** Whatever is still held back at the end. */
  flush(): string
}

export interface TurnPorts {
  /**
   * Prompt ids for the request, given how many images each turn's media items hold, and which
   * turns the history window kept (only their media fill image slots).
   */
  prompt(request: GenerateRequest, imageCounts: readonly (readonly number[])[]): TurnPrompt
  /** Images each media item will hold, known without encoding (videos: probed or cached). */
  countImages(item: MediaItem): Promise<number>
  encode(item: MediaItem, signal?: AbortSignal): Promise<EncodedMedia>
  openSequence(ntkAlpha: number): KvSequence
  policy(options: GenerationOptions): TokenPolicy
  streamingText(): StreamingText
  decodeText(ids: readonly number[]): string
}

export interface TurnModelFacts {
  readonly hidden: number
  readonly imagePadId: number
  readonly stopIds: ReadonlySet<number>
  readonly seqLength: number
  readonly useDynamicNtk: boolean
  /** Most positions one sequence may hold (prompt + generated). */
  readonly maxContext: number
  /** Prompt positions per prefill call. */
  readonly prefillChunk: number
}
