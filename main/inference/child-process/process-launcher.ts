// How this process starts the Node children it needs (stage processes, the device probe). Under
// the CLI and `mpp serve` this process runs on plain Node and spawns its own executable. Under
// Electron the model host is a utilityProcess whose executable is the Electron binary, which can
// run a script only as another utilityProcess started by Electron's main process (the runAsNode
// fuse is off): the host then installs a launcher that asks main to do it
// (model-host/launch-relay.ts). The launcher is a property of the process, like its executable,
// hence one per process, set once at start.
import { spawn } from 'node:child_process'
import { findBuiltEntry } from '../built-entry'

/** The built entries (out/main/*.js) a launcher may start; nothing else. */
export const LAUNCH_ENTRIES = ['stage-process.js', 'device-probe.js'] as const
export type LaunchEntry = (typeof LAUNCH_ENTRIES)[number]

export interface LaunchRequest {
  readonly entry: LaunchEntry
  readonly args: readonly string[]
  /** Added to this process's environment for the child. */
  readonly env: Readonly<Record<string, string>>
  /** Drops the child's stdout and stderr (the probe's driver chatter). */
  readonly quiet?: boolean
}

export interface LaunchedProcess {
  /** Called once, with how it ended ("code 1", "signal SIGKILL", or why it could not start). */
  onExit(listener: (how: string) => void): void
  kill(): void
}

export interface ProcessLauncher {
  /** Throws when the entry is not built. */
  launch(request: LaunchRequest): LaunchedProcess
}

export class LaunchError extends Error {
  override name = 'LaunchError'
}

export const nodeLauncher: ProcessLauncher = {
  launch(request) {
    const path = findBuiltEntry(request.entry)
    if (!path) throw new LaunchError(`${request.entry} is not built (run electron-vite build)`)
    const output = request.quiet ? 'ignore' : 'inherit'
    const child = spawn(process.execPath, [path, ...request.args], {
      env: { ...process.env, ...request.env },
      stdio: ['ignore', output, output],
      windowsHide: true
    })
    let ended: string | undefined
    const listeners: ((how: string) => void)[] = []
    const end = (how: string): void => {
      if (ended !== undefined) return
      ended = how
      for (const listener of listeners.splice(0)) listener(how)
    }
    child.once('error', (error) => end(`could not start: ${error.message}`))
    child.once('exit', (code, signal) => end(signal ? `signal ${signal}` : `code ${code}`))
    return {
      onExit: (listener) => {
        if (ended !== undefined) listener(ended)
        else listeners.push(listener)
      },
      kill: () => {
        if (ended === undefined) child.kill()
      }
    }
  }
}

let current: ProcessLauncher = nodeLauncher

/** The launcher this process starts its children with. */
export function processLauncher(): ProcessLauncher {
  return current
}

/** Set once at start by a process that cannot spawn Node itself (the model host in Electron). */
export function useProcessLauncher(launcher: ProcessLauncher): void {
  current = launcher
}
