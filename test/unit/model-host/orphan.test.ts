// No orphan hosts: when the process that started a host dies without cleaning up (SIGKILL), the
// host notices (IPC disconnect / parent pid change) and exits on its own. Needs the built host.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { assertHostBuilt, HOST_ENTRY, isRunning, waitFor } from './host-test-utils'

it('a host whose parent is SIGKILLed exits within a few seconds', async () => {
  assertHostBuilt()
  const parent = spawn(
    process.execPath,
    [join(import.meta.dirname, 'fixtures/parent-of-host.mjs'), HOST_ENTRY],
    {
      stdio: ['ignore', 'pipe', 'inherit']
    }
  )
  const hostPid = await new Promise<number>((resolve, reject) => {
    parent.stdout.setEncoding('utf8')
    parent.stdout.once('data', (line: string) => resolve(Number(line.trim())))
    parent.once('exit', () => reject(new Error('the parent exited before its host was ready')))
  })
  expect(isRunning(hostPid)).toBe(true)
  parent.kill('SIGKILL')
  expect(await waitFor(() => !isRunning(hostPid), 4_000)).toBe(true)
})
