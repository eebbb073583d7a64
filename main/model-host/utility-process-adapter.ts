// Starts the model host as an Electron utilityProcess. Electron's API is passed in by
// main/electron/ (nothing under main/model-host imports 'electron'), typed here by the few
// members the host uses.
import type { HostAdapter, HostProcess } from './adapter'

/** The members of Electron's UtilityProcess the adapter uses. */
export interface UtilityProcessLike {
  readonly pid: number | undefined
  postMessage(message: unknown): void
  on(event: 'message', listener: (message: unknown) => void): unknown
  on(event: 'exit', listener: (code: number) => void): unknown
  kill(): boolean
}

/** Electron's `utilityProcess` module, as far as the adapter uses it. */
export interface UtilityProcessApi {
  fork(
    modulePath: string,
    args?: string[],
    options?: {
      env?: Record<string, string>
      serviceName?: string
      stdio?: 'pipe' | 'ignore' | 'inherit'
    }
  ): UtilityProcessLike
}

export function createUtilityProcessAdapter(
  api: UtilityProcessApi,
  entryPath: string,
  serviceName = 'MPP model host'
): HostAdapter {
  return {
    spawn(env): HostProcess {
      const child = api.fork(entryPath, [], { env, serviceName, stdio: 'ignore' })
      return {
        get pid() {
          return child.pid
        },
        send: (frame) => child.postMessage(frame),
        onMessage: (listener) => {
          child.on('message', listener)
        },
        // utilityProcess reports only a code; a crash shows as a non-zero code.
        onExit: (listener) => {
          child.on('exit', (code) => listener({ code, signal: null }))
        },
        kill: () => {
          child.kill()
        }
      }
    }
  }
}
