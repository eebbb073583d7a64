// The Electron adapter and the host's process.parentPort transport, without Electron: a
// stand-in for the `utilityProcess` API (its fork/postMessage/on('message'|'exit')/kill shape)
// over a Node child that exposes parentPort as Electron does. Needs the built host.
import { expect, it } from 'vitest'
import { ModelHostClient } from '../../../main/model-host/client'
import { createUtilityProcessAdapter } from '../../../main/model-host/utility-process-adapter'
import { nodeUtilityProcess } from '../../helpers/node-utility-process'
import { assertHostBuilt, HOST_ENTRY, makeFakePackage, removeDir, request } from './host-test-utils'

const utilityProcess = nodeUtilityProcess()

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
