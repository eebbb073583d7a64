// What the host server calls to do real work: one implementation over the engine (handlers.ts)
// and a canned one for UI work and protocol tests (fake-handlers.ts). The server owns queueing,
// cancellation and framing; a backend only does the work and honours the signal.
import type { GenerateResult, GenerationStats } from '../inference/engine-api'
import type { MethodParams, MethodResult } from './protocol'

export interface GenerateSink {
  onDelta(text: string): void
}

export interface LoadSink {
  onProgress(progress: LoadProgress): void
}

export interface LoadProgress {
  phase: string
  done: number
  total: number
  message?: string
}

export interface HostBackend {
  load(
    params: MethodParams<'load'>,
    sink: LoadSink,
    signal: AbortSignal
  ): Promise<MethodResult<'load'>>
  unload(): Promise<void>
  /** The loaded package and placement, or null. */
  loaded(): { packagePath: string; placement: MethodParams<'load'>['placement'] } | null
  devices(): Promise<MethodResult<'devices'>>
  encodeMedia(
    params: MethodParams<'encodeMedia'>,
    signal: AbortSignal
  ): Promise<MethodResult<'encodeMedia'>>
  /** Resolves with stopReason 'cancelled' (partial text) when the signal fires mid-answer. */
  generate(
    params: MethodParams<'generate'>,
    sink: GenerateSink,
    signal: AbortSignal
  ): Promise<GenerateResult>
  /** Converts seed checkpoints into a package; cancelled at the next progress step. */
  convert(
    params: MethodParams<'convert'>,
    sink: LoadSink,
    signal: AbortSignal
  ): Promise<MethodResult<'convert'>>
  buildDemoModel(): Promise<MethodResult<'buildDemoModel'>>
  dispose(): Promise<void>
}

/** Stats of an answer that never started (cancelled while queued). */
export function emptyStats(stopReason: GenerationStats['stopReason']): GenerationStats {
  return {
    promptTokens: 0,
    prefillTokens: 0,
    generatedTokens: 0,
    msToFirstToken: 0,
    prefillTokensPerSec: 0,
    decodeTokensPerSec: 0,
    imageEncodeMs: 0,
    stopReason,
    media: []
  }
}
