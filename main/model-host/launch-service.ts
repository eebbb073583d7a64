// Main's side of the launch relay (launch-protocol.ts): starts the built entries a model host
// asks for as utilityProcesses of main (the one Electron API that runs a Node script without the
// runAsNode fuse), reports their exits, kills them on request, and kills what is left when the
// host itself ends.
import { join } from 'node:path'
import { hostEnvironment } from './adapter'
import { HostLaunchFrameSchema, type MainLaunchFrame } from './launch-protocol'
import type { UtilityProcessApi, UtilityProcessLike } from './utility-process-api'

export interface LaunchService {
  handle(raw: unknown): void
  killAll(): void
}

export function createLaunchService(
  api: UtilityProcessApi,
  /** The folder of the built entries (the host's own). */
  dir: string,
  reply: (frame: MainLaunchFrame) => void,
  onMalformed: (message: string) => void = () => {}
): LaunchService {
  const children = new Map<number, UtilityProcessLike>()
  return {
    handle(raw) {
      const parsed = HostLaunchFrameSchema.safeParse(raw)
      if (!parsed.success) {
        onMalformed(
          `the model host sent a malformed launch frame: ${parsed.error.issues[0].message}`
        )
        return
      }
      const frame = parsed.data
      if (frame.kind === 'launchKill') {
        children.get(frame.launch)?.kill()
        return
      }
      if (children.has(frame.launch)) return
      let child: UtilityProcessLike
      try {
        child = api.fork(join(dir, frame.entry), frame.args, {
          env: hostEnvironment(frame.env),
          serviceName: `MPP ${frame.entry.replace(/\.js$/, '')}`,
          stdio: frame.quiet ? 'ignore' : 'inherit'
        })
      } catch (error) {
        reply({
          kind: 'launchExit',
          launch: frame.launch,
          how: `could not start: ${(error as Error).message}`
        })
        return
      }
      children.set(frame.launch, child)
      child.on('exit', (code) => {
        children.delete(frame.launch)
        reply({ kind: 'launchExit', launch: frame.launch, how: `code ${code}` })
      })
    },
    killAll() {
      for (const child of children.values()) child.kill()
      children.clear()
    }
  }
}
