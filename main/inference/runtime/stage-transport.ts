// The channel under a DeviceWorker: a worker thread of this process (CPU stages, vision parts) or
// a child process of its own (stages whose backend pins its device per process: WebGPU, where
// Dawn takes the adapter the process environment selects). Both carry the same worker protocol;
// the child process uses Node's 'advanced' IPC serialization so Float32Arrays travel as binary
// structured clones, not JSON.
import { fork, type ChildProcess } from 'node:child_process'
import { Worker } from 'node:worker_threads'

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

export function processTransport(
  entryPath: string,
  options: ProcessTransportOptions
): StageTransport {
  const child: ChildProcess = fork(entryPath, [], {
    serialization: 'advanced',
    // Under Electron the model host's execPath is the Electron binary: run it as plain Node.
    env: { ...process.env, ...options.env, ELECTRON_RUN_AS_NODE: '1' },
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return {
    pid: child.pid,
    // Structured clones copy: there is nothing to transfer across a process boundary.
    send: (message) => {
      if (child.connected) child.send(message as object)
    },
    onMessage: (listener) => child.on('message', listener),
    offMessage: (listener) => child.off('message', listener),
    onExit: (listener) =>
      child.once('exit', (code, signal) => listener(signal ? `signal ${signal}` : `code ${code}`)),
    onError: (listener) => child.on('error', listener),
    terminate: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill()
      await exited
    }
  }
}
