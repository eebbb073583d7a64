// One lifetime of one host process, seen from main: spawn, wait for the `ready` frame (with a
// deadline), validate every frame on arrival, ping on an interval and declare the host dead when
// pongs stop (it is then killed) or when the process exits. Recovery is the client's job.
import type { HostAdapter, HostExit, HostProcess } from './adapter'
import { ModelHostError } from './errors'
import {
  describeIssues,
  HostFrameSchema,
  PROTOCOL_VERSION,
  type HostFrame,
  type ParentFrame
} from './protocol'

export interface ConnectionTimings {
  readyTimeoutMs: number
  heartbeatIntervalMs: number
  heartbeatTimeoutMs: number
}

export interface ConnectionListeners {
  onFrame(frame: HostFrame): void
  /** A frame failed validation; `id` is its request id when one could be read. */
  onProtocolError(message: string, id: number | null): void
  /** Called once: the process exited or stopped answering (and was killed). */
  onDead(reason: string): void
}

export class HostConnection {
  private dead = false
  private exited = false
  private lastPong = Date.now()
  private pingSeq = 0
  private heartbeat: NodeJS.Timeout | undefined
  private readonly exitWaiters: Array<() => void> = []

  private constructor(
    private readonly child: HostProcess,
    private readonly timings: ConnectionTimings,
    private readonly listeners: ConnectionListeners
  ) {}

  get pid(): number | undefined {
    return this.child.pid
  }

  get alive(): boolean {
    return !this.dead
  }

  /** Spawns a host and resolves once it said `ready`; rejects with START_FAILED otherwise. */
  static open(
    adapter: HostAdapter,
    env: Readonly<Record<string, string>>,
    timings: ConnectionTimings,
    listeners: ConnectionListeners
  ): Promise<HostConnection> {
    return new Promise((resolve, reject) => {
      let child: HostProcess
      try {
        child = adapter.spawn(env)
      } catch (error) {
        reject(
          new ModelHostError(
            'START_FAILED',
            `Could not start the model host: ${messageOf(error)}`,
            { cause: error }
          )
        )
        return
      }
      let ready = false
      const connection = new HostConnection(child, timings, {
        onFrame: (frame) => {
          if (frame.kind === 'ready' && !ready) {
            ready = true
            clearTimeout(deadline)
            connection.startHeartbeat()
            resolve(connection)
            return
          }
          if (ready) listeners.onFrame(frame)
        },
        onProtocolError: (message, id) => {
          if (ready) listeners.onProtocolError(message, id)
        },
        onDead: (reason) => {
          if (ready) {
            listeners.onDead(reason)
            return
          }
          clearTimeout(deadline)
          reject(new ModelHostError('START_FAILED', `The model host did not start: ${reason}`))
        }
      })
      const deadline = setTimeout(() => {
        connection.declareDead(`no ready signal within ${timings.readyTimeoutMs} ms`)
      }, timings.readyTimeoutMs)
      child.onMessage((raw) => connection.receive(raw))
      child.onExit((exit) => connection.handleExit(exit))
    })
  }

  /** Sends a frame; false when the host is gone or the value could not be cloned. */
  send(frame: ParentFrame): boolean {
    if (this.dead) return false
    this.child.send(frame)
    return true
  }

  /** Kills the process and reports it dead (used for a host that must go now). */
  kill(reason: string): void {
    this.declareDead(reason)
  }

  /** Asks the host to stop, waits up to `graceMs` for it to exit, then kills it. */
  async shutdown(graceMs: number): Promise<void> {
    if (this.exited) return
    this.stopHeartbeat()
    try {
      this.child.send({ v: PROTOCOL_VERSION, kind: 'shutdown' })
    } catch {
      // The channel is already closed; the kill below still runs.
    }
    const exited = new Promise<void>((resolve) => this.exitWaiters.push(resolve))
    const timer = setTimeout(() => this.child.kill(), graceMs)
    await exited
    clearTimeout(timer)
  }

  private receive(raw: unknown): void {
    if (this.dead) return
    const parsed = HostFrameSchema.safeParse(raw)
    if (!parsed.success) {
      const id =
        typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'number'
          ? (raw as { id: number }).id
          : null
      this.listeners.onProtocolError(
        `The model host sent an invalid frame: ${describeIssues(parsed.error)}`,
        id
      )
      return
    }
    const frame = parsed.data
    this.lastPong = Date.now()
    this.listeners.onFrame(frame)
  }

  private handleExit(exit: HostExit): void {
    this.exited = true
    for (const waiter of this.exitWaiters.splice(0)) waiter()
    const how = exit.signal ? `killed by ${exit.signal}` : `exited with code ${exit.code}`
    this.declareDead(`the model host ${how}`)
  }

  private declareDead(reason: string): void {
    if (this.dead) return
    this.dead = true
    this.stopHeartbeat()
    if (!this.exited) this.child.kill()
    this.listeners.onDead(reason)
  }

  private startHeartbeat(): void {
    this.lastPong = Date.now()
    this.heartbeat = setInterval(() => {
      if (Date.now() - this.lastPong > this.timings.heartbeatTimeoutMs) {
        this.declareDead(
          `the model host stopped answering for ${this.timings.heartbeatTimeoutMs} ms`
        )
        return
      }
      try {
        this.child.send({ v: PROTOCOL_VERSION, kind: 'ping', seq: ++this.pingSeq })
      } catch {
        // A closed channel shows up as an exit; nothing to do here.
      }
    }, this.timings.heartbeatIntervalMs)
    this.heartbeat.unref()
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeat)
    this.heartbeat = undefined
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
