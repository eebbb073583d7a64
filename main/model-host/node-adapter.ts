// Starts the model host as a Node child process (CLI and web mode): child_process.fork of the
// built out/main/model-host.js with an IPC channel using structured-clone ('advanced')
// serialization, so frames are the same values Electron's utilityProcess would carry.
import { fork } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { HostAdapter, HostProcess } from './adapter'

/**
 * out/main/model-host.js: beside (or one above, for chunks) the running bundle when bundled,
 * else found by walking up from the source file to the repository's out/ folder.
 */
export function defaultHostEntryPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  const beside = join(dir, 'model-host.js')
  if (existsSync(beside)) return beside
  // Code split into out/main/chunks/ sits one level below the entries.
  const aboveChunk = join(dir, '..', 'model-host.js')
  if (existsSync(aboveChunk)) return aboveChunk
  for (let depth = 0; depth < 6; depth++) {
    const candidate = join(dir, 'out', 'main', 'model-host.js')
    if (existsSync(candidate)) return candidate
    dir = dirname(dir)
  }
  return beside
}

export interface NodeHostAdapterOptions {
  entryPath?: string
  /** The host's stderr, line by line (ONNX Runtime warnings, crashes). Dropped when absent. */
  onStderr?: (line: string) => void
}

export function createNodeHostAdapter(options: NodeHostAdapterOptions = {}): HostAdapter {
  const entryPath = options.entryPath ?? defaultHostEntryPath()
  return {
    spawn(env): HostProcess {
      const child = fork(entryPath, [], {
        env,
        execArgv: [],
        serialization: 'advanced',
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        // Its own process group, so a terminal's Ctrl-C reaches only the parent.
        detached: true
      })
      let pending = ''
      child.stderr?.setEncoding('utf8')
      child.stderr?.on('data', (chunk: string) => {
        pending += chunk
        const lines = pending.split('\n')
        pending = lines.pop() ?? ''
        for (const line of lines) options.onStderr?.(line)
      })
      // A failed spawn surfaces as 'error' and then 'exit'; the exit listener does the work.
      child.on('error', () => {})
      return {
        pid: child.pid,
        send: (frame) => {
          if (child.connected) child.send(frame)
        },
        onMessage: (listener) => child.on('message', listener),
        onExit: (listener) => child.on('exit', (code, signal) => listener({ code, signal })),
        kill: () => {
          child.kill('SIGKILL')
        }
      }
    }
  }
}
