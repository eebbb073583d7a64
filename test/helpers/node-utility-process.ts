// A stand-in for Electron's `utilityProcess` module backed by real Node children
// (child_process.fork of a shim that gives the child a process.parentPort, as Electron does), so
// the code that drives utilityProcesses runs real processes in tests. Records what was forked.
import { fork, type Serializable } from 'node:child_process'
import { join } from 'node:path'
import type {
  UtilityProcessApi,
  UtilityProcessLike
} from '../../main/model-host/utility-process-api'

const SHIM = join(import.meta.dirname, 'utility-process-shim.mjs')

export interface NodeUtilityProcess extends UtilityProcessApi {
  /** Every fork: the module and the child's pid. */
  readonly forked: { modulePath: string; pid: number | undefined }[]
}

export function nodeUtilityProcess(): NodeUtilityProcess {
  const forked: NodeUtilityProcess['forked'] = []
  return {
    forked,
    fork(modulePath, args = [], options = {}): UtilityProcessLike {
      const output = options.stdio === 'inherit' ? 'inherit' : 'ignore'
      const child = fork(SHIM, [modulePath, ...args], {
        env: options.env,
        execArgv: [],
        serialization: 'advanced',
        stdio: ['ignore', output, output, 'ipc']
      })
      forked.push({ modulePath, pid: child.pid })
      return {
        pid: child.pid,
        postMessage: (message) => {
          if (child.connected) child.send(message as Serializable)
        },
        on: ((event: 'message' | 'exit', listener: (value: unknown) => void) =>
          event === 'message'
            ? child.on('message', (message) => listener(message))
            : child.on('exit', (code) => listener(code ?? 1))) as UtilityProcessLike['on'],
        kill: () => child.kill('SIGKILL')
      }
    }
  }
}
