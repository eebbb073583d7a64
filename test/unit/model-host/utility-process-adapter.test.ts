// The Electron adapter and the host's process.parentPort transport, without Electron: a
// stand-in for the `utilityProcess` API (its fork/postMessage/on('message'|'exit')/kill shape)
// over a Node child that exposes parentPort as Electron does. Needs the built host.
import { fork, type Serializable } from 'node:child_process'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { ModelHostClient } from '../../../main/model-host/client'
import {
  createUtilityProcessAdapter,
  type UtilityProcessApi,
  type UtilityProcessLike
} from '../../../main/model-host/utility-process-adapter'
import { assertHostBuilt, HOST_ENTRY, makeFakePackage, removeDir, request } from './host-test-utils'

const SHIM = join(import.meta.dirname, 'fixtures/utility-process-shim.mjs')

const utilityProcess: UtilityProcessApi = {
  fork(modulePath, _args, options): UtilityProcessLike {
    const child = fork(SHIM, [modulePath], {
      env: options?.env,
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'ignore', 'ipc']
    })
    return {
      pid: child.pid,
      postMessage: (message) => child.send(message as Serializable),
      on: ((event: 'message' | 'exit', listener: (value: unknown) => void) =>
        event === 'message'
          ? child.on('message', (message) => listener(message))
          : child.on('exit', (code) => listener(code ?? 1))) as UtilityProcessLike['on'],
      kill: () => child.kill('SIGKILL')
    }
  }
}

it('runs the host through the utilityProcess adapter and parentPort, and recovers a crash', async () => {
  assertHostBuilt()
  const pkg = await makeFakePackage(15)
  const client = await ModelHostClient.start({
    adapter: createUtilityProcessAdapter(utilityProcess, HOST_ENTRY),
    env: { MPP_HOST_FAKE: '1' },
    backoffMs: () => 20
  })
  try {
    await client.load(pkg, { devices: 'cpu' })
    const reference = await client.generate(request('via parentPort'))
    expect(reference.text.startsWith('You said "via parentPort"')).toBe(true)
    let deltas = 0
    const replayed = await client.generate(request('via parentPort'), {
      onDelta: () => {
        if (++deltas === 4) process.kill(client.pid as number, 'SIGKILL')
      }
    })
    expect(replayed.text).toBe(reference.text)
  } finally {
    await client.dispose()
    await removeDir(pkg)
  }
})
