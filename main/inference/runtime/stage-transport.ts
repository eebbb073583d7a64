// The channel under a DeviceWorker: a worker thread of this process (CPU stages, vision parts) or
// a child process of its own (stages whose backend pins its device per process: WebGPU, where
// Dawn takes the adapter the process environment selects). Both carry the same worker protocol.
// A stage process is started by the process's launcher and talks over the channel server's
// local socket, so it works whoever started it (child_process here, utilityProcess in Electron);
// its frames carry Float32Arrays as raw bytes.
import { Worker } from 'node:worker_threads'
import { launchConnected } from '../child-process/launch-connected'
import type { FrameSocket } from '../child-process/frame-socket'
import type { LaunchedProcess } from '../child-process/process-launcher'
import { STAGE_PROCESS_FILE } from './worker-entry-path'

export interface StageTransport {
  /** The child's process id (undefined for a thread). */
  readonly pid: number | undefined
  send(message: unknown, transfer: ArrayBuffer[]): void
  onMessage(listener: (message: unknown) => void): void
  offMessage(listener: (message: unknown) => void): void
  /** Called once when the thread or process ends, with a description of how. */
  onExit(listener: (how: string) => void): void
  onError(listener: (error: Error) => void): void
  terminate(): Promise<void>
}

export function threadTransport(entryPath: string): StageTransport {
  const worker = new Worker(entryPath)
  return {
    pid: undefined,
    send: (message, transfer) => worker.postMessage(message, transfer),
    onMessage: (listener) => worker.on('message', listener),
    offMessage: (listener) => worker.off('message', listener),
    onExit: (listener) => worker.once('exit', (code) => listener(`code ${code}`)),
    onError: (listener) => worker.on('error', listener),
    terminate: async () => {
      await worker.terminate()
    }
  }
}

export interface ProcessTransportOptions {
  /** Variables added to this process's environment (the adapter pinning). */
  env: Record<string, string>
}

/** How long a stage process whose channel closed may take to report its exit. */
const EXIT_GRACE_MS = 2000

/**
 * A stage process started by this process's launcher (a child of this process, or a utilityProcess
 * of Electron's main), talking over the channel server's socket in binary frames.
 */
export function processTransport(options: ProcessTransportOptions): StageTransport {
  const messageListeners = new Set<(message: unknown) => void>()
  const exitListeners: ((how: string) => void)[] = []
  const errorListeners: ((error: Error) => void)[] = []
  const queued: unknown[] = []
  let socket: FrameSocket | undefined
  let pid: number | undefined
  let child: LaunchedProcess | undefined
  let ended: string | undefined
  let markExited: () => void = () => {}
  const exited = new Promise<void>((resolve) => (markExited = resolve))
  const end = (how: string): void => {
    if (ended !== undefined) return
    ended = how
    socket?.close()
    markExited()
    for (const listener of exitListeners.splice(0)) listener(how)
  }
  const fail = (error: Error): void => {
    for (const listener of errorListeners) listener(error)
    end(`could not start: ${error.message}`)
  }
  void launchConnected({ entry: STAGE_PROCESS_FILE, args: [], env: options.env })
    .then(async (launched) => {
      child = launched.process
      child.onExit(end)
      const connection = await launched.connected
      if (ended !== undefined) {
        connection.socket.close()
        return
      }
      socket = connection.socket
      pid = connection.pid
      socket.onMessage((message) => messageListeners.forEach((listener) => listener(message)))
      socket.onClose((reason) => {
        // The exit notice says how it ended; it can lag behind the socket (relayed by Electron).
        setTimeout(() => end(`closed its channel: ${reason}`), EXIT_GRACE_MS).unref()
      })
      for (const message of queued.splice(0)) socket.send(message)
    })
    .catch((error: unknown) => {
      if (ended === undefined) fail(error instanceof Error ? error : new Error(String(error)))
    })
  return {
    get pid() {
      return pid
    },
    send: (message) => {
      if (ended !== undefined) return
      if (socket) socket.send(message)
      else queued.push(message)
    },
    onMessage: (listener) => messageListeners.add(listener),
    offMessage: (listener) => messageListeners.delete(listener),
    onExit: (listener) => {
      if (ended !== undefined) listener(ended)
      else exitListeners.push(listener)
    },
    onError: (listener) => errorListeners.push(listener),
    terminate: async () => {
      if (ended !== undefined) return
      socket?.close()
      if (child) child.kill()
      else end('terminated before it started')
      await exited
    }
  }
}
