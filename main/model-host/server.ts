// Child side of the model host: parses each frame from main, runs model-bound requests one at a
// time in arrival order (one AbortController each, so cancel reaches queued and running work),
// answers status/devices/ping at once, and frames every reply. Transport-agnostic: the entry
// binds it to process.parentPort (Electron) or the Node IPC channel.
import { MppError } from '../shared/errors'
import type { RemoteErrorCode } from './errors'
import type { HostBackend, LoadProgress } from './host-backend'
import {
  describeIssues,
  METHODS,
  PROTOCOL_VERSION,
  ParentFrameSchema,
  type HostEvent,
  type HostFrame,
  type MethodName,
  type RemoteError
} from './protocol'

/** The transport as the server sees it. */
export interface HostPort {
  send(frame: HostFrame): void
  onFrame(listener: (raw: unknown) => void): void
}

interface Job {
  readonly id: number
  readonly method: MethodName
  readonly controller: AbortController
  readonly run: (signal: AbortSignal) => Promise<unknown>
}

const FAILURE_CODE: Record<MethodName, RemoteErrorCode> = {
  load: 'LOAD_FAILED',
  unload: 'INTERNAL',
  status: 'INTERNAL',
  devices: 'DEVICES_FAILED',
  encodeMedia: 'ENCODE_FAILED',
  generate: 'GENERATE_FAILED'
}

export interface ModelHostServer {
  /** Aborts everything, waits for the running job, releases the model. */
  shutdown(): Promise<void>
}

export function serveModelHost(
  port: HostPort,
  backend: HostBackend,
  onShutdownRequested: () => void = () => {}
): ModelHostServer {
  const queue: Job[] = []
  let running: Job | null = null
  let runningDone: Promise<void> = Promise.resolve()
  let loading = false
  let closing = false

  const send = (frame: HostFrame): void => {
    if (!closing || frame.kind !== 'event') port.send(frame)
  }
  const emit = (id: number, event: HostEvent): void =>
    send({ v: PROTOCOL_VERSION, kind: 'event', id, event })
  const fail = (id: number, error: RemoteError): void =>
    send({ v: PROTOCOL_VERSION, kind: 'error', id, error })

  const pump = async (): Promise<void> => {
    if (running || closing) return
    const job = queue.shift()
    if (!job) return
    running = job
    let finish = (): void => {}
    runningDone = new Promise((resolve) => (finish = resolve))
    try {
      const result = await job.run(job.controller.signal)
      send({ v: PROTOCOL_VERSION, kind: 'result', id: job.id, result })
    } catch (error) {
      fail(job.id, toRemoteError(error, job.controller.signal.aborted, FAILURE_CODE[job.method]))
    } finally {
      running = null
      finish()
      void pump()
    }
  }

  const enqueue = (job: Job): void => {
    queue.push(job)
    void pump()
  }

  const status = (): unknown => {
    const loaded = backend.loaded()
    const memory = process.memoryUsage()
    return {
      pid: process.pid,
      state: loading ? 'loading' : loaded ? 'ready' : 'empty',
      packagePath: loaded?.packagePath ?? null,
      placement: loaded?.placement ?? null,
      queued: queue.length,
      busy: running !== null,
      memory: {
        rss: memory.rss,
        heapUsed: memory.heapUsed,
        external: memory.external,
        arrayBuffers: memory.arrayBuffers
      }
    }
  }

  const runNow = async (id: number, method: MethodName, work: () => Promise<unknown>) => {
    try {
      send({ v: PROTOCOL_VERSION, kind: 'result', id, result: await work() })
    } catch (error) {
      fail(id, toRemoteError(error, false, FAILURE_CODE[method]))
    }
  }

  const dispatch = (id: number, method: MethodName, rawParams: unknown): void => {
    const parsed = METHODS[method].params.safeParse(rawParams)
    if (!parsed.success) {
      fail(id, {
        code: 'BAD_REQUEST',
        message: `Invalid ${method} request: ${describeIssues(parsed.error)}`
      })
      return
    }
    const controller = new AbortController()
    switch (method) {
      case 'status':
        void runNow(id, method, async () => status())
        return
      case 'devices':
        void runNow(id, method, () => backend.devices())
        return
      case 'load': {
        const params = METHODS.load.params.parse(rawParams)
        enqueue({
          id,
          method,
          controller,
          run: async (signal) => {
            loading = true
            try {
              const onProgress = (progress: LoadProgress): void =>
                emit(id, { type: 'loadProgress', progress })
              return await backend.load(params, { onProgress }, signal)
            } finally {
              loading = false
            }
          }
        })
        return
      }
      case 'unload':
        enqueue({ id, method, controller, run: async () => (await backend.unload(), {}) })
        return
      case 'encodeMedia': {
        const params = METHODS.encodeMedia.params.parse(rawParams)
        enqueue({
          id,
          method,
          controller,
          run: (signal) => {
            if (!backend.loaded()) throw notLoaded()
            return backend.encodeMedia(params, signal)
          }
        })
        return
      }
      case 'generate': {
        const params = METHODS.generate.params.parse(rawParams)
        enqueue({
          id,
          method,
          controller,
          run: async (signal) => {
            if (!backend.loaded()) throw notLoaded()
            const result = await backend.generate(
              params,
              { onDelta: (text) => emit(id, { type: 'delta', text }) },
              signal
            )
            emit(id, { type: 'stats', stats: result.stats })
            return result
          }
        })
        return
      }
    }
  }

  const cancel = (id: number): void => {
    if (running?.id === id) {
      running.controller.abort()
      return
    }
    const index = queue.findIndex((job) => job.id === id)
    if (index < 0) return
    const [job] = queue.splice(index, 1)
    job.controller.abort()
    fail(id, { code: 'CANCELLED', message: `The ${job.method} request was cancelled.` })
  }

  port.onFrame((raw) => {
    const parsed = ParentFrameSchema.safeParse(raw)
    if (!parsed.success) {
      const id = requestIdOf(raw)
      const message = `Unreadable frame from main: ${describeIssues(parsed.error)}`
      if (id === null) send({ v: PROTOCOL_VERSION, kind: 'protocolError', message })
      else fail(id, { code: 'BAD_REQUEST', message })
      return
    }
    const frame = parsed.data
    switch (frame.kind) {
      case 'ping':
        send({ v: PROTOCOL_VERSION, kind: 'pong', seq: frame.seq })
        return
      case 'cancel':
        cancel(frame.id)
        return
      case 'shutdown':
        onShutdownRequested()
        return
      case 'request':
        if (closing)
          fail(frame.id, { code: 'INTERNAL', message: 'The model host is shutting down.' })
        else dispatch(frame.id, frame.method, frame.params)
        return
    }
  })

  send({ v: PROTOCOL_VERSION, kind: 'ready', pid: process.pid })

  return {
    async shutdown(): Promise<void> {
      closing = true
      for (const job of queue.splice(0)) {
        job.controller.abort()
        fail(job.id, { code: 'CANCELLED', message: 'The model host is shutting down.' })
      }
      const current = running as Job | null
      current?.controller.abort()
      await runningDone
      await backend.dispose()
    }
  }
}

/** A failure the server raises itself, with its wire code. */
export class HostRequestError extends Error {
  constructor(
    readonly code: RemoteErrorCode,
    message: string
  ) {
    super(message)
  }
}

export function notLoaded(): HostRequestError {
  return new HostRequestError('NOT_LOADED', 'No model is loaded; load a package first.')
}

function toRemoteError(error: unknown, aborted: boolean, fallback: RemoteErrorCode): RemoteError {
  if (error instanceof HostRequestError) return { code: error.code, message: error.message }
  if (aborted) return { code: 'CANCELLED', message: 'The request was cancelled.' }
  if (error instanceof MppError)
    return { code: fallback, message: error.message, engineCode: error.code }
  const message = error instanceof Error ? error.message : String(error)
  return { code: fallback, message }
}

function requestIdOf(raw: unknown): number | null {
  if (typeof raw !== 'object' || raw === null || !('id' in raw)) return null
  const id = (raw as { id: unknown }).id
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : null
}
