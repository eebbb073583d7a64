// The client's calls in flight, in submission order, each with the wire id of its current
// attempt (null while waiting for a host): replays after a restart resend them in this order.
import { ModelHostError } from './errors'
import {
  describeIssues,
  METHODS,
  type HostEvent,
  type MethodName,
  type RemoteError
} from './protocol'

export interface CallOptions {
  signal?: AbortSignal
  /** Made by the client itself (the reload after a restart), never replayed. */
  internal?: boolean
  onEvent?(event: HostEvent): void
  /** The host died and this call is about to be replayed on a fresh one. */
  onRestart?(): void
  /** What a cancelled call resolves with; without it, cancelling rejects (CANCELLED). */
  cancelledValue?(): unknown
}

export interface Call extends Omit<CallOptions, 'signal'> {
  readonly method: MethodName
  readonly params: unknown
  wireId: number | null
  resolve(value: unknown): void
  reject(error: ModelHostError): void
}

export class CallTable {
  private readonly calls: Call[] = []
  private readonly byWireId = new Map<number, Call>()
  private nextWireId = 1

  add(call: Call, first = false): void {
    if (first) this.calls.unshift(call)
    else this.calls.push(call)
  }

  /** Gives the call a fresh wire id for its next attempt. */
  assignWireId(call: Call): number {
    const id = this.nextWireId++
    call.wireId = id
    this.byWireId.set(id, call)
    return id
  }

  get(wireId: number): Call | undefined {
    return this.byWireId.get(wireId)
  }

  has(call: Call): boolean {
    return this.calls.includes(call)
  }

  some(test: (call: Call) => boolean): boolean {
    return this.calls.some(test)
  }

  /** A snapshot, safe to iterate while calls finish. */
  all(): Call[] {
    return [...this.calls]
  }

  /** Forgets a settled call. */
  finish(call: Call): void {
    const index = this.calls.indexOf(call)
    if (index >= 0) this.calls.splice(index, 1)
    if (call.wireId !== null) this.byWireId.delete(call.wireId)
  }

  /** The host is gone: no call is on the wire any more. */
  detachAll(): void {
    for (const call of this.calls) call.wireId = null
    this.byWireId.clear()
  }

  /** Removes and returns every call (to reject them all). */
  takeAll(): Call[] {
    this.byWireId.clear()
    return this.calls.splice(0)
  }

  /** Validates and delivers a result frame; returns the call when it succeeded. */
  settleResult(wireId: number, raw: unknown): Call | null {
    const call = this.byWireId.get(wireId)
    if (!call) return null
    this.finish(call)
    const parsed = METHODS[call.method].result.safeParse(raw)
    if (!parsed.success) {
      const why = describeIssues(parsed.error)
      call.reject(
        new ModelHostError(
          'PROTOCOL_ERROR',
          `Invalid ${call.method} result from the model host: ${why}`
        )
      )
      return null
    }
    call.resolve(parsed.data)
    return call
  }

  /** Delivers an error frame (CANCELLED resolves calls that have a cancelled value). */
  settleError(wireId: number, error: RemoteError): Call | null {
    const call = this.byWireId.get(wireId)
    if (!call) return null
    this.finish(call)
    if (error.code === 'CANCELLED' && call.cancelledValue) {
      call.resolve(call.cancelledValue())
      return call
    }
    call.reject(
      new ModelHostError('REMOTE_ERROR', error.message, {
        remoteCode: error.code,
        engineCode: error.engineCode
      })
    )
    return call
  }
}
