// The host side of one device worker: starts the worker thread or stage process, numbers calls
// and matches their replies, forwards load progress, and fails every pending call if it dies.
import type { z } from 'zod'
import { threadTransport, type StageTransport } from './stage-transport'
import { fromWorkerSchema, type ToWorker } from './worker-protocol'
import { resolveStageWorkerEntry } from './worker-entry-path'
import { StageWorkerError } from './worker-errors'

type WithoutCall<T> = T extends unknown ? Omit<T, 'call'> : never
export type WorkerCall = WithoutCall<Extract<ToWorker, { call: number }>>
export type WorkerNotice = Exclude<ToWorker, { call: number }>

export interface WorkerProgress {
  done: number
  total: number
  message: string
}

interface Pending {
  resolve(value: unknown): void
  reject(error: Error): void
  onProgress?: (progress: WorkerProgress) => void
}

export class DeviceWorker {
  private readonly pending = new Map<number, Pending>()
  private nextCall = 1
  private failure: StageWorkerError | undefined

  private constructor(
    readonly label: string,
    private readonly worker: StageTransport
  ) {
    worker.onMessage((raw: unknown) => this.onMessage(raw))
    worker.onError((error) =>
      this.fail(new StageWorkerError('WORKER_DIED', `${label} failed: ${error.message}`))
    )
    worker.onExit((how) =>
      this.fail(new StageWorkerError('WORKER_DIED', `${label} exited (${how})`))
    )
  }

  /** The stage process's id; undefined for a worker thread. */
  get pid(): number | undefined {
    return this.worker.pid
  }

  static start(
    label: string,
    open: () => StageTransport = () => threadTransport(resolveStageWorkerEntry())
  ): Promise<DeviceWorker> {
    const worker = open()
    const client = new DeviceWorker(label, worker)
    return new Promise((resolve, reject) => {
      let started = false
      const onReady = (raw: unknown): void => {
        if (fromWorkerSchema.safeParse(raw).data?.kind !== 'ready') return
        started = true
        worker.offMessage(onReady)
        resolve(client)
      }
      worker.onMessage(onReady)
      worker.onExit((how) => {
        if (!started)
          reject(new StageWorkerError('WORKER_DIED', `${label} exited during start (${how})`))
      })
      worker.onError((error) => {
        if (!started)
          reject(new StageWorkerError('WORKER_DIED', `${label} could not start: ${error.message}`))
      })
    })
  }

  call<S extends z.ZodType>(
    message: WorkerCall,
    schema: S,
    transfer: ArrayBuffer[] = [],
    onProgress?: (progress: WorkerProgress) => void
  ): Promise<z.infer<S>> {
    if (this.failure) return Promise.reject(this.failure)
    const call = this.nextCall++
    return new Promise((resolve, reject) => {
      this.pending.set(call, {
        resolve: (value) => {
          const parsed = schema.safeParse(value)
          if (parsed.success) resolve(parsed.data)
          else
            reject(
              new StageWorkerError(
                'PROTOCOL',
                `${this.label} sent a malformed ${message.kind} result`
              )
            )
        },
        reject,
        onProgress
      })
      this.worker.send({ ...message, call }, transfer)
    })
  }

  /** Sequence bookkeeping: ordered after every earlier message, no reply. */
  notify(message: WorkerNotice): void {
    if (!this.failure) this.worker.send(message, [])
  }

  async terminate(): Promise<void> {
    this.fail(new StageWorkerError('CLOSED', `${this.label} was closed`))
    await this.worker.terminate()
  }

  private onMessage(raw: unknown): void {
    const parsed = fromWorkerSchema.safeParse(raw)
    if (!parsed.success) {
      this.fail(new StageWorkerError('PROTOCOL', `${this.label} sent a malformed message`))
      return
    }
    const message = parsed.data
    if (message.kind === 'ready') return
    const call = message.call
    if (message.kind === 'error' && call === null) {
      this.fail(
        new StageWorkerError(
          'REMOTE',
          `${this.label}: ${message.error.message}`,
          message.error.code
        )
      )
      return
    }
    if (call === null) return
    const pending = this.pending.get(call)
    if (!pending) return
    if (message.kind === 'progress') {
      pending.onProgress?.({ done: message.done, total: message.total, message: message.message })
      return
    }
    this.pending.delete(call)
    if (message.kind === 'result') pending.resolve(message.value)
    else
      pending.reject(
        new StageWorkerError(
          'REMOTE',
          `${this.label}: ${message.error.message}`,
          message.error.code
        )
      )
  }

  private fail(error: StageWorkerError): void {
    this.failure ??= error
    for (const pending of this.pending.values()) pending.reject(error)
    this.pending.clear()
  }
}
