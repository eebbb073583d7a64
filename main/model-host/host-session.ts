// The mechanism under ModelHostClient: one live host connection at a time, the table of calls in
// flight (correlated by wire id), event forwarding and cancellation, and crash recovery: restart
// with back-off, reload the remembered package with the same placement, replay in-flight calls
// (each told through onRestart first), and CIRCUIT_OPEN after repeated failures.
import { setTimeout as sleep } from 'node:timers/promises'
import { hostEnvironment, type HostAdapter } from './adapter'
import { CallTable, type Call, type CallOptions } from './call-table'
import { ClientEvents, type HostState } from './client-events'
import { ModelHostError } from './errors'
import { HostConnection, messageOf, type ConnectionTimings } from './host-connection'
import { RestartPolicy } from './restart-policy'
import {
  PROTOCOL_VERSION,
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
  private readonly calls = new CallTable()
  private readonly options: typeof defaults & ModelHostClientOptions
  private conn: HostConnection | null = null
  private stateValue: HostState = 'starting'
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
    for (const call of this.calls.takeAll()) call.reject(this.disposedError())
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
      this.calls.add(call)
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
    const id = this.calls.assignWireId(call)
    try {
      this.conn?.send({
        v: PROTOCOL_VERSION,
        kind: 'request',
        id,
        method: call.method,
        params: call.params
      })
    } catch (error) {
      this.calls.finish(call)
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
    if (!this.calls.has(call)) return
    if (call.wireId !== null && this.conn?.alive) {
      this.conn.send({ v: PROTOCOL_VERSION, kind: 'cancel', id: call.wireId })
      return
    }
    // Not on the wire (waiting for a restart): settle here.
    this.calls.finish(call)
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

  private handleFrame(frame: HostFrame): void {
    switch (frame.kind) {
      case 'event':
        this.calls.get(frame.id)?.onEvent?.(frame.event)
        return
      case 'result': {
        const call = this.calls.settleResult(frame.id, frame.result)
        if (call) this.afterSuccess(call)
        return
      }
      case 'error': {
        const call = this.calls.settleError(frame.id, frame.error)
        // A failed load may have dropped the previous model: nothing to reload after a crash.
        if (call?.method === 'load' && !call.internal) this.model = null
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

  private afterSuccess(call: Call): void {
    if (call.method === 'load') {
      this.model = call.params as { packagePath: string; placement: Placement }
    }
    if (call.method === 'unload') this.model = null
    if (!call.internal && call.method !== 'status' && call.method !== 'devices') {
      this.policy.succeeded()
    }
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
        const call = id === null ? undefined : this.calls.get(id)
        if (!call) {
          this.events.emit('log', { level: 'error', message })
          return
        }
        this.calls.finish(call)
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
    this.calls.detachAll()
    for (const call of this.calls.all()) {
      if (call.internal) {
        this.calls.finish(call)
        call.reject(new ModelHostError('EXITED', reason))
      } else if (call.method === 'unload') {
        // A dead host holds no model: the unload has happened.
        this.calls.finish(call)
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
      for (const call of this.calls.all()) {
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
      this.calls.add(call, true)
      this.transmit(call)
    })
  }

  private openCircuit(): void {
    this.setState('failed')
    const error = new ModelHostError('CIRCUIT_OPEN', this.policy.giveUpMessage())
    for (const call of this.calls.takeAll()) call.reject(error)
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
