// How the client starts a host process, as an interface so the client never depends on the
// process API: Node's child_process (node-adapter.ts) under the CLI and web mode, Electron's
// utilityProcess (utility-process-adapter.ts, API passed in) in the app.
import type { ParentFrame } from './protocol'

export interface HostExit {
  readonly code: number | null
  readonly signal: string | null
}

/** One running host process. Listeners are registered once, right after spawn. */
export interface HostProcess {
  readonly pid: number | undefined
  /** Posts one structured-clone frame; throws if the value cannot be cloned. */
  send(frame: ParentFrame): void
  onMessage(listener: (raw: unknown) => void): void
  onExit(listener: (exit: HostExit) => void): void
  /** Kills at once (SIGKILL where the platform has it). */
  kill(): void
}

export interface HostAdapter {
  spawn(env: Readonly<Record<string, string>>): HostProcess
}

/** Variables that must not leak into the host (debugger hooks, loaders, Electron mode switches). */
const BLOCKED_ENV = ['NODE_OPTIONS', 'NODE_INSPECT_RESUME_ON_START', 'ELECTRON_RUN_AS_NODE']

/** The parent's environment minus blocked keys, plus the caller's additions. */
export function hostEnvironment(
  extra: Readonly<Record<string, string | undefined>> = {}
): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries({ ...process.env, ...extra })) {
    if (value !== undefined && !BLOCKED_ENV.includes(key)) env[key] = value
  }
  return env
}
