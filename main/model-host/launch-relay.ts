// The model host's launcher under Electron: asks main, over the parent port, to start a built
// entry as a utilityProcess, and hears back when it ended. The child then connects to the host's
// channel server by itself, so hidden states never pass through main.
import type { LaunchedProcess, ProcessLauncher } from '../inference/child-process/process-launcher'
import { MainLaunchFrameSchema, type HostLaunchFrame } from './launch-protocol'

export interface LaunchRelay {
  readonly launcher: ProcessLauncher
  /** A launch frame from main; a malformed one is reported and dropped. */
  receive(raw: unknown): void
}

export function createLaunchRelay(
  post: (frame: HostLaunchFrame) => void,
  onMalformed: (message: string) => void = () => {}
): LaunchRelay {
  const running = new Map<number, (how: string) => void>()
  let next = 1
  const launcher: ProcessLauncher = {
    launch(request): LaunchedProcess {
      const launch = next++
      let ended: string | undefined
      const listeners: ((how: string) => void)[] = []
      running.set(launch, (how) => {
        running.delete(launch)
        ended = how
        for (const listener of listeners.splice(0)) listener(how)
      })
      const env: Record<string, string> = {}
      for (const [key, value] of Object.entries({ ...process.env, ...request.env }))
        if (value !== undefined) env[key] = value
      post({
        kind: 'launch',
        launch,
        entry: request.entry,
        args: [...request.args],
        env,
        quiet: request.quiet ?? false
      })
      return {
        onExit: (listener) => {
          if (ended !== undefined) listener(ended)
          else listeners.push(listener)
        },
        kill: () => {
          if (ended === undefined) post({ kind: 'launchKill', launch })
        }
      }
    }
  }
  return {
    launcher,
    receive(raw) {
      const parsed = MainLaunchFrameSchema.safeParse(raw)
      if (!parsed.success) {
        onMalformed('main sent a malformed launch frame')
        return
      }
      running.get(parsed.data.launch)?.(parsed.data.how)
    }
  }
}
