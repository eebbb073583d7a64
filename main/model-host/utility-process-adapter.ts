// Starts the model host as an Electron utilityProcess. Electron's API is passed in by
// main/electron/ (nothing under main/model-host imports 'electron'), typed here by the few
// members the host uses. The host's launch frames (its stage processes and device probes, which
// only main can start under Electron) are served here and never reach the client.
import { dirname } from 'node:path'
import type { HostAdapter, HostProcess } from './adapter'
import { isHostLaunchFrame } from './launch-protocol'
import { createLaunchService } from './launch-service'
import type { UtilityProcessApi } from './utility-process-api'

export type { UtilityProcessApi, UtilityProcessLike } from './utility-process-api'

export function createUtilityProcessAdapter(
  api: UtilityProcessApi,
  entryPath: string,
  serviceName = 'MPP model host'
): HostAdapter {
  return {
    spawn(env): HostProcess {
      const child = api.fork(entryPath, [], { env, serviceName, stdio: 'ignore' })
      // The stage processes and probes are built beside the host's entry.
      const launches = createLaunchService(api, dirname(entryPath), (frame) =>
        child.postMessage(frame)
      )
      child.on('exit', () => launches.killAll())
      return {
        get pid() {
          return child.pid
        },
        send: (frame) => child.postMessage(frame),
        onMessage: (listener) => {
          child.on('message', (raw) => {
            if (isHostLaunchFrame(raw)) launches.handle(raw)
            else listener(raw)
          })
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
