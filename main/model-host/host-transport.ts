// Child side of the transport: Electron's process.parentPort when the host runs as a
// utilityProcess, the Node IPC channel when it was forked by the CLI or web mode. Under Electron
// the port also carries the launch relay (this process cannot start Node children itself), which
// becomes the process's launcher. Also the orphan guard: the host exits when its parent goes away
// (IPC disconnect, or the parent pid changes because the parent was killed and the host
// re-parented).
import { useProcessLauncher } from '../inference/child-process/process-launcher'
import { isMainLaunchFrame } from './launch-protocol'
import { createLaunchRelay } from './launch-relay'
import type { HostPort } from './server'
import type { HostFrame } from './protocol'

/** The part of Electron's process.parentPort the host uses (declared here: no electron import). */
interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): void
  postMessage(message: unknown): void
}

export function parentTransport(): HostPort {
  const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort
  if (parentPort) {
    const relay = createLaunchRelay((frame) => parentPort.postMessage(frame))
    useProcessLauncher(relay.launcher)
    return {
      send: (frame: HostFrame) => parentPort.postMessage(frame),
      onFrame: (listener) =>
        parentPort.on('message', (event) => {
          if (isMainLaunchFrame(event.data)) relay.receive(event.data)
          else listener(event.data)
        })
    }
  }
  if (!process.send) {
    throw new Error('The model host must be started by mpp (no IPC channel to its parent).')
  }
  return {
    send: (frame: HostFrame) => {
      if (process.connected) process.send?.(frame)
    },
    onFrame: (listener) => process.on('message', (message) => listener(message))
  }
}

/** Calls `onOrphaned` once when the parent is gone. */
export function watchParent(onOrphaned: () => void, pollMs = 500): void {
  const parentPid = process.ppid
  let fired = false
  const fire = (): void => {
    if (fired) return
    fired = true
    onOrphaned()
  }
  process.on('disconnect', fire)
  const timer = setInterval(() => {
    if (process.ppid !== parentPid) fire()
  }, pollMs)
  timer.unref()
}
