// Adding a backend takes its module and one registration line: the fake backend then shows in
// `mpp devices --json` (the real command, in this process, where the fake is registered), with
// a real probe in a child process, its memory budget, and first place in the default order.
import os from 'node:os'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { buildProgram } from '../../../main/cli/program'
import { registerBackend } from '../../../main/inference/devices/backends/registry'
import { formatDevice, parseDevice } from '../../../main/inference/devices/device-ref'
import { DeviceError } from '../../../main/inference/devices/errors'
import { sessionOptionsFor } from '../../../main/inference/devices/session-options'
import { FAKE_FREE_BYTES, FAKE_TOTAL_BYTES, fakeBackend } from './fake-backend'

registerBackend(fakeBackend)

async function mppDevicesJson(): Promise<unknown> {
  let printed = ''
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    printed += String(chunk)
    return true
  })
  try {
    await buildProgram().parseAsync(['devices', '--json'], { from: 'user' })
  } finally {
    write.mockRestore()
  }
  return JSON.parse(printed)
}

afterEach(() => vi.restoreAllMocks())

describe('the backend registry', () => {
  it('lists a registered fake backend in `mpp devices`, probed and budgeted', async () => {
    const listing = (await mppDevicesJson()) as {
      devices: Record<string, unknown>[]
      defaultOrder: string[]
    }
    const fake = listing.devices.find((device) => device.id === 'fake:0')
    expect(fake).toMatchObject({
      kind: 'fake',
      index: 0,
      name: 'Fake accelerator',
      usable: true,
      totalBytes: FAKE_TOTAL_BYTES,
      freeBytes: FAKE_FREE_BYTES,
      budgetBytes: Math.floor(FAKE_FREE_BYTES * 0.9),
      probe: { ok: true }
    })
    expect(listing.defaultOrder).toEqual(['fake:0', 'cpu'])
  }, 60_000)

  it('parses and prints the new backend’s device names, and refuses a taken name', () => {
    expect(parseDevice('FAKE:2')).toEqual({ kind: 'fake', index: 2 })
    expect(formatDevice({ kind: 'fake', index: 1 })).toBe('fake:1')
    expect(() => parseDevice('tpu')).toThrow(/use cpu, webgpu, cuda:N, dml:N, fake:N/)
    expect(() => registerBackend({ ...fakeBackend, kind: 'cpu' })).toThrow(DeviceError)
    expect(() => registerBackend({ ...fakeBackend, kind: 'other', aliases: ['gpu'] })).toThrow(
      /"gpu" is malformed or taken/
    )
  })

  it('gives every CPU session one default thread count: every core', () => {
    expect(sessionOptionsFor({ kind: 'cpu', index: 0 }).intraOpNumThreads).toBe(
      os.availableParallelism()
    )
  })
})
