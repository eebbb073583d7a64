// The host side of one device worker: starts the worker thread, numbers calls and matches their
// replies, forwards load progress, and fails every pending call if the worker dies.
import { Worker } from 'node:worker_threads'
import type { z } from 'zod'
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
    private readonly worker: Worker
  ) {
    worker.on('message', (raw: unknown) => this.onMessage(raw))
    worker.on('error', (error) =>
      this.fail(new StageWorkerError('WORKER_DIED', `worker ${label} failed: ${error.message}`))
    )
    worker.on('exit', (code) =>
      this.fail(new StageWorkerError('WORKER_DIED', `worker ${label} exited (code ${code})`))
    )
  }

  static start(
    label: string,
    entryPath: string = resolveStageWorkerEntry()
  ): Promise<DeviceWorker> {
    const worker = new Worker(entryPath)
    const client = new DeviceWorker(label, worker)
    return new Promise((resolve, reject) => {
      const onReady = (raw: unknown): void => {
        if (fromWorkerSchema.safeParse(raw).data?.kind !== 'ready') return
        worker.off('message', onReady)
        worker.off('exit', onExit)
        resolve(client)
      }
      const onExit = (code: number): void =>
        reject(
          new StageWorkerError('WORKER_DIED', `worker ${label} exited during start (code ${code})`)
        )
      worker.on('message', onReady)
      worker.once('exit', onExit)
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
                `worker ${this.label} sent a malformed ${message.kind} result`
              )
            )
        },
        reject,
        onProgress
      })
      this.worker.postMessage({ ...message, call }, transfer)
    })
  }

  /** Sequence bookkeeping: ordered after every earlier message, no reply. */
  notify(message: WorkerNotice): void {
    if (!this.failure) this.worker.postMessage(message)
  }

  async terminate(): Promise<void> {
    this.fail(new StageWorkerError('CLOSED', `worker ${this.label} was closed`))
    await this.worker.terminate()
  }

  private onMessage(raw: unknown): void {
    const parsed = fromWorkerSchema.safeParse(raw)
    if (!parsed.success) {
      this.fail(new StageWorkerError('PROTOCOL', `worker ${this.label} sent a malformed message`))
      return
    }
    const message = parsed.data
    if (message.kind === 'ready') return
    const call = message.call
    if (message.kind === 'error' && call === null) {
      this.fail(
        new StageWorkerError(
          'REMOTE',
          `worker ${this.label}: ${message.error.message}`,
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
          `worker ${this.label}: ${message.error.message}`,
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
