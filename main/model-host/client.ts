// The model host client main uses (CLI, web mode, Electron app): typed calls over the host
// protocol. Start it with an adapter (Node child process or Electron utilityProcess); it keeps
// the host alive across crashes (see host-session.ts) and never imports Electron.
import type {
  GenerateCallbacks,
  GenerateRequest,
  GenerateResult,
  GenerationStats,
  MediaItem
} from '../inference/engine-api'
import type { ClientEventMap, HostState } from './client-events'
import { emptyStats, type LoadProgress } from './host-backend'
import { HostSession, type ModelHostClientOptions, type Placement } from './host-session'
import type { MethodParams, MethodResult } from './protocol'

export type { ClientEventMap, HostState } from './client-events'
export type { ModelHostClientOptions, Placement } from './host-session'
export type { LoadProgress } from './host-backend'
export type LoadResult = MethodResult<'load'>
export type HostStatus = MethodResult<'status'>
export type EncodeMediaResult = MethodResult<'encodeMedia'>

export interface GenerateHandlers extends GenerateCallbacks {
  /** The host died mid-answer and the turn is being replayed: discard the partial answer. */
  onRestart?(): void
  onStats?(stats: GenerationStats): void
}

export class ModelHostClient {
  private constructor(private readonly session: HostSession) {}

  /** Starts a host and resolves once it is ready; rejects with START_FAILED. */
  static async start(options: ModelHostClientOptions): Promise<ModelHostClient> {
    const session = new HostSession(options)
    await session.start()
    return new ModelHostClient(session)
  }

  get state(): HostState {
    return this.session.state
  }

  /** The current host process id (changes after a restart). */
  get pid(): number | undefined {
    return this.session.pid
  }

  /** Subscribes to client events; returns the unsubscribe function. */
  on<E extends keyof ClientEventMap>(event: E, listener: ClientEventMap[E]): () => void {
    return this.session.events.on(event, listener)
  }

  /** Loads a package, replacing any loaded model; remembered for crash recovery. */
  load(
    packagePath: string,
    placement: Placement,
    onProgress?: (progress: LoadProgress) => void
  ): Promise<LoadResult> {
    return this.session.request(
      'load',
      { packagePath, placement },
      {
        onEvent: (event) => {
          if (event.type === 'loadProgress') onProgress?.(event.progress)
        }
      }
    )
  }

  async unload(): Promise<void> {
    await this.session.request('unload', {})
  }

  status(): Promise<HostStatus> {
    return this.session.request('status', {})
  }

  devices(): Promise<MethodResult<'devices'>> {
    return this.session.request('devices', {})
  }

  /** Pre-encodes media (warms the host's image cache); cancelling rejects with CANCELLED. */
  encodeMedia(media: readonly MediaItem[], signal?: AbortSignal): Promise<EncodeMediaResult> {
    return this.session.request('encodeMedia', { media: [...media] }, { signal })
  }

  /**
   * Streams one answer, one generation at a time per host (later calls queue in order).
   * Resolves with stopReason 'cancelled' when `signal` fires (the partial text, or '' if it was
   * still queued). After a host crash the turn is replayed: onRestart, then deltas from the start.
   */
  generate(
    request: GenerateRequest,
    handlers: GenerateHandlers = {},
    signal?: AbortSignal
  ): Promise<GenerateResult> {
    let partial = ''
    return this.session.request('generate', request as MethodParams<'generate'>, {
      signal,
      cancelledValue: (): GenerateResult => ({
        ids: [],
        text: partial,
        stats: emptyStats('cancelled')
      }),
      onRestart: () => {
        partial = ''
        handlers.onRestart?.()
      },
      onEvent: (event) => {
        if (event.type === 'delta') {
          partial += event.text
          handlers.onDelta?.(event.text)
        } else if (event.type === 'stats') {
          handlers.onStats?.(event.stats)
        }
      }
    })
  }

  /**
   * Converts seed checkpoints into the package `params.out` in the host process (main's event
   * loop stays free); cancelling rejects with CANCELLED and leaves no package folder.
   */
  convert(
    params: MethodParams<'convert'>,
    onProgress?: (progress: LoadProgress) => void,
    signal?: AbortSignal
  ): Promise<MethodResult<'convert'>> {
    return this.session.request('convert', params, {
      signal,
      onEvent: (event) => {
        if (event.type === 'convertProgress') onProgress?.(event.progress)
      }
    })
  }

  /** Makes the demo package in the host process if it is missing; resolves with its folder. */
  async buildDemoModel(): Promise<string> {
    return (await this.session.request('buildDemoModel', {})).path
  }

  /** After CIRCUIT_OPEN: starts a fresh host and reloads the last model. */
  restart(): Promise<void> {
    return this.session.restart()
  }

  /** Ordered shutdown (kill after `graceMs`); pending calls reject with DISPOSED. */
  dispose(graceMs = 3_000): Promise<void> {
    return this.session.dispose(graceMs)
  }
}
