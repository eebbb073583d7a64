// Adding a backend takes its module and one registration line: a build of the `mpp` CLI with
// the fake backend registered (fake-cli/, bundled here with vite as electron-vite bundles the
// real one) lists it in `mpp devices --json`, run as a child process, with a real probe in a
// grandchild process, its memory budget, and first place in the default order.
import { execFile } from 'node:child_process'
import os from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { build } from 'vite'
import { beforeAll, describe, expect, it } from 'vitest'
import { registerBackend } from '../../../main/inference/devices/backends/registry'
import { formatDevice, parseDevice } from '../../../main/inference/devices/device-ref'
import { DeviceError } from '../../../main/inference/devices/errors'
import { sessionOptionsFor } from '../../../main/inference/devices/session-options'
import { FAKE_FREE_BYTES, FAKE_TOTAL_BYTES, fakeBackend } from './fake-backend'

const repo = resolve(import.meta.dirname, '../../..')
// Under out/, beside the real bundles: the device probe entry and resources are found from here.
const bundleDir = join(repo, 'out', 'test-fake-cli')

registerBackend(fakeBackend)

beforeAll(async () => {
  await build({
    configFile: false,
    root: repo,
    logLevel: 'warn',
    build: {
      ssr: true,
      outDir: bundleDir,
      emptyOutDir: true,
      target: 'node20',
      rollupOptions: {
        input: join(import.meta.dirname, 'fake-cli', 'cli-with-fake.ts'),
        output: { format: 'es', entryFileNames: '[name].js' }
      }
    }
  })
}, 120_000)

async function mppDevicesJson(): Promise<unknown> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(bundleDir, 'cli-with-fake.js'), 'devices', '--json'],
    { env: { ...process.env, VK_ICD_FILENAMES: '/nonexistent' } }
  )
  return JSON.parse(stdout)
}

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
    expect(() => parseDevice('tpu')).toThrow(/use cpu, webgpu\[:N\], cuda:N, dml:N, fake:N/)
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
