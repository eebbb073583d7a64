// The mechanism under ModelHostClient: one live host connection at a time, the table of calls in
// flight (correlated by wire id), event forwarding and cancellation, and crash recovery: restart
// with back-off, reload the remembered package with the same placement, replay in-flight calls
// (each told through onRestart first), and CIRCUIT_OPEN after repeated failures.
import { setTimeout as sleep } from 'node:timers/promises'
import { hostEnvironment, type HostAdapter } from './adapter'
import { ClientEvents, type HostState } from './client-events'
import { ModelHostError } from './errors'
import { HostConnection, messageOf, type ConnectionTimings } from './host-connection'
import { RestartPolicy } from './restart-policy'
import {
  METHODS,
  PROTOCOL_VERSION,
  describeIssues,
  type HostEvent,
  type HostFrame,
  type MethodName,
  type MethodParams,
  type MethodResult
} from './protocol'

export type Placement = MethodParams<'load'>['placement']

export interface ModelHostClientOptions {
  adapter: HostAdapter
  /** Extra environment for the host (e.g. MPP_HOST_FAKE). */
  env?: Readonly<Record<string, string | undefined>>
  readyTimeoutMs?: number
  heartbeatIntervalMs?: number
  heartbeatTimeoutMs?: number
  /** Restart attempts after a failure before giving up with CIRCUIT_OPEN. */
  maxRestartAttempts?: number
  /** Delay before restart attempt n (1-based). */
  backoffMs?: (attempt: number) => number
  /** A host that stayed up this long wipes the failure count when it dies. */
  stableAfterMs?: number
}

export interface CallOptions {
  signal?: AbortSignal
  internal?: boolean
  onEvent?(event: HostEvent): void
  /** The host died and this call is about to be replayed on a fresh one. */
  onRestart?(): void
  /** What a cancelled call resolves with; without it, cancelling rejects (CANCELLED). */
  cancelledValue?(): unknown
}

interface Call extends Omit<CallOptions, 'signal'> {
  readonly method: MethodName
  readonly params: unknown
  wireId: number | null
  resolve(value: unknown): void
  reject(error: ModelHostError): void
}

const defaults = {
  readyTimeoutMs: 20_000,
  heartbeatIntervalMs: 2_000,
  // Generous: a long synchronous ONNX Runtime run (a video prefill on CPU) delays pongs.
  heartbeatTimeoutMs: 120_000,
  maxRestartAttempts: 3,
  backoffMs: (attempt: number) => Math.min(5_000, 250 * 2 ** (attempt - 1)),
  stableAfterMs: 60_000
}

export class HostSession {
  readonly events = new ClientEvents()
  private readonly calls: Call[] = []
  private readonly byWireId = new Map<number, Call>()
  private readonly options: typeof defaults & ModelHostClientOptions
  private conn: HostConnection | null = null
  private stateValue: HostState = 'starting'
  private nextWireId = 1
  private readonly policy: RestartPolicy
  private recovering: Promise<void> | null = null
  private model: { packagePath: string; placement: Placement } | null = null

  constructor(options: ModelHostClientOptions) {
    this.options = { ...defaults, ...options }
    this.policy = new RestartPolicy(this.options)
  }

  /** Spawns the first host; rejects with START_FAILED. */
  async start(): Promise<void> {
    this.conn = await this.connect()
    this.setState('ready')
  }

  get state(): HostState {
    return this.stateValue
  }

  get pid(): number | undefined {
    return this.conn?.pid
  }

  /** After CIRCUIT_OPEN: tries again from a fresh host (reloading the last model). */
  async restart(): Promise<void> {
    if (this.isDisposed()) throw this.disposedError()
    if (this.stateValue !== 'failed') return
    this.policy.reset()
    await this.beginRecovery()
    if (!this.isReady()) throw new ModelHostError('CIRCUIT_OPEN', this.policy.giveUpMessage())
  }

  /** Stops the host (ordered shutdown, then kill after a grace period) and fails pending calls. */
  async dispose(graceMs: number): Promise<void> {
    if (this.isDisposed()) return
    this.setState('disposed')
    for (const call of this.calls.splice(0)) call.reject(this.disposedError())
    this.byWireId.clear()
    const conn = this.conn
    this.conn = null
    await conn?.shutdown(graceMs)
  }

  /** Sends one request; settles with its validated result (or as CallOptions says). */
  request<M extends MethodName>(
    method: M,
    params: MethodParams<M>,
    extra: CallOptions = {}
  ): Promise<MethodResult<M>> {
    if (this.isDisposed()) return Promise.reject(this.disposedError())
    if (this.stateValue === 'failed') {
      return Promise.reject(new ModelHostError('CIRCUIT_OPEN', this.policy.giveUpMessage()))
    }
    return new Promise<MethodResult<M>>((resolve, reject) => {
      const { signal, ...rest } = extra
      const call: Call = {
        ...rest,
        method,
        params,
        wireId: null,
        resolve: (value) => resolve(value as MethodResult<M>),
        reject
      }
      if (signal?.aborted) {
        this.settleCancelled(call)
        return
      }
      signal?.addEventListener('abort', () => this.cancel(call), { once: true })
      this.calls.push(call)
      if (this.isReady()) this.transmit(call)
    })
  }

  private isReady(): boolean {
    return this.stateValue === 'ready'
  }

  private isDisposed(): boolean {
    return this.stateValue === 'disposed'
  }

  private transmit(call: Call): void {
    const id = this.nextWireId++
    call.wireId = id
    this.byWireId.set(id, call)
    try {
      this.conn?.send({
        v: PROTOCOL_VERSION,
        kind: 'request',
        id,
        method: call.method,
        params: call.params
      })
    } catch (error) {
      this.finish(call)
      call.reject(
        new ModelHostError(
          'PROTOCOL_ERROR',
          `The ${call.method} request is not plain data: ${messageOf(error)}`,
          { cause: error }
        )
      )
    }
  }

  private cancel(call: Call): void {
    if (!this.calls.includes(call)) return
    if (call.wireId !== null && this.conn?.alive) {
      this.conn.send({ v: PROTOCOL_VERSION, kind: 'cancel', id: call.wireId })
      return
    }
    // Not on the wire (waiting for a restart): settle here.
    this.finish(call)
    this.settleCancelled(call)
  }

  private settleCancelled(call: Call): void {
    if (call.cancelledValue) call.resolve(call.cancelledValue())
    else
      call.reject(
        new ModelHostError('REMOTE_ERROR', `The ${call.method} request was cancelled.`, {
          remoteCode: 'CANCELLED'
        })
      )
  }

  private finish(call: Call): void {
    const index = this.calls.indexOf(call)
    if (index >= 0) this.calls.splice(index, 1)
    if (call.wireId !== null) this.byWireId.delete(call.wireId)
  }

  private handleFrame(frame: HostFrame): void {
    switch (frame.kind) {
      case 'event':
        this.byWireId.get(frame.id)?.onEvent?.(frame.event)
        return
      case 'result':
        this.handleResult(frame.id, frame.result)
        return
      case 'error': {
        const call = this.byWireId.get(frame.id)
        if (!call) return
        this.finish(call)
        if (call.method === 'load' && !call.internal) this.model = null
        if (frame.error.code === 'CANCELLED' && call.cancelledValue) {
          call.resolve(call.cancelledValue())
          return
        }
        call.reject(
          new ModelHostError('REMOTE_ERROR', frame.error.message, {
            remoteCode: frame.error.code,
            engineCode: frame.error.engineCode
          })
        )
        return
      }
      case 'log':
        this.events.emit('log', { level: frame.level, message: frame.message })
        return
      case 'protocolError':
        this.events.emit('log', { level: 'error', message: frame.message })
        return
      case 'pong':
      case 'ready':
        return
    }
  }

  private handleResult(id: number, raw: unknown): void {
    const call = this.byWireId.get(id)
    if (!call) return
    this.finish(call)
    const parsed = METHODS[call.method].result.safeParse(raw)
    if (!parsed.success) {
      call.reject(
        new ModelHostError(
          'PROTOCOL_ERROR',
          `Invalid ${call.method} result from the model host: ${describeIssues(parsed.error)}`
        )
      )
      return
    }
    if (call.method === 'load') {
      this.model = call.params as { packagePath: string; placement: Placement }
    }
    if (call.method === 'unload') this.model = null
    if (!call.internal && call.method !== 'status' && call.method !== 'devices') {
      this.policy.succeeded()
    }
    call.resolve(parsed.data)
  }

  private connect(): Promise<HostConnection> {
    const timings: ConnectionTimings = {
      readyTimeoutMs: this.options.readyTimeoutMs,
      heartbeatIntervalMs: this.options.heartbeatIntervalMs,
      heartbeatTimeoutMs: this.options.heartbeatTimeoutMs
    }
    const env = hostEnvironment(this.options.env)
    let conn: HostConnection | null = null
    const promise = HostConnection.open(this.options.adapter, env, timings, {
      onFrame: (frame) => {
        if (this.conn === conn) this.handleFrame(frame)
      },
      onProtocolError: (message, id) => {
        if (this.conn !== conn) return
        const call = id === null ? undefined : this.byWireId.get(id)
        if (!call) {
          this.events.emit('log', { level: 'error', message })
          return
        }
        this.finish(call)
        call.reject(new ModelHostError('PROTOCOL_ERROR', message))
      },
      onDead: (reason) => {
        if (this.conn === conn && conn !== null) this.handleDeath(reason)
      }
    })
    return promise.then((opened) => {
      conn = opened
      this.policy.up()
      return opened
    })
  }

  private handleDeath(reason: string): void {
    this.conn = null
    this.events.emit('exit', { reason })
    if (this.isDisposed()) return
    // During recovery the recovery loop counts the failure (its reload call rejects below).
    if (!this.recovering) this.policy.died(reason)
    for (const call of [...this.calls]) {
      if (call.wireId !== null) this.byWireId.delete(call.wireId)
      call.wireId = null
      if (call.internal) {
        this.finish(call)
        call.reject(new ModelHostError('EXITED', reason))
      } else if (call.method === 'unload') {
        // A dead host holds no model: the unload has happened.
        this.finish(call)
        this.model = null
        call.resolve({})
      }
    }
    if (!this.recovering) void this.beginRecovery()
  }

  private beginRecovery(): Promise<void> {
    this.setState('restarting')
    this.recovering = this.recover().finally(() => {
      this.recovering = null
    })
    return this.recovering
  }

  private async recover(): Promise<void> {
    for (;;) {
      if (this.isDisposed()) return
      if (this.policy.exhausted) {
        this.openCircuit()
        return
      }
      const attempt = this.policy.attempt
      await sleep(this.policy.delayMs())
      if (this.isDisposed()) return
      try {
        const fresh = await this.connect()
        if (this.isDisposed()) {
          void fresh.shutdown(1_000)
          return
        }
        this.conn = fresh
        this.setState('reloading')
        await this.reloadModel()
      } catch (error) {
        const conn = this.conn
        this.conn = null
        conn?.kill('recovery failed')
        if (this.isDisposed()) return
        this.policy.failed(messageOf(error))
        this.setState('restarting')
        continue
      }
      this.setState('ready')
      this.events.emit('restarted', { attempt, reason: this.policy.lastFailure })
      for (const call of [...this.calls]) {
        call.onRestart?.()
        this.transmit(call)
      }
      return
    }
  }

  /** Reloads the remembered model unless a pending load call will do it when replayed. */
  private async reloadModel(): Promise<void> {
    const model = this.model
    if (!model || this.calls.some((call) => call.method === 'load')) return
    await new Promise<unknown>((resolve, reject) => {
      const call: Call = {
        method: 'load',
        params: model,
        internal: true,
        wireId: null,
        resolve,
        reject
      }
      this.calls.unshift(call)
      this.transmit(call)
    })
  }

  private openCircuit(): void {
    this.setState('failed')
    const error = new ModelHostError('CIRCUIT_OPEN', this.policy.giveUpMessage())
    for (const call of this.calls.splice(0)) call.reject(error)
    this.byWireId.clear()
  }

  private disposedError(): ModelHostError {
    return new ModelHostError('DISPOSED', 'The model host client was disposed.')
  }

  private setState(state: HostState): void {
    if (this.stateValue === state || this.isDisposed()) return
    this.stateValue = state
    this.events.emit('state', state)
  }
}
