// The real device listing on this machine: the CPU entry, and WebGPU probed in a child process
// (usable through SwiftShader when VK_ICD_FILENAMES points at it, refused with a reason if not).
import { describe, expect, it } from 'vitest'
import os, { tmpdir } from 'node:os'
import { join } from 'node:path'
import { listDevices } from '../../../main/inference/devices/list-devices'
import { SWIFTSHADER_ICD } from '../../../main/inference/devices/webgpu-env'
import { existsSync, rmSync, writeFileSync } from 'node:fs'

describe('listDevices', () => {
  it('lists the CPU with its cores and a budget of 90 % of free memory', async () => {
    const listing = await listDevices({ probe: false })
    const cpu = listing.devices.find((device) => device.id === 'cpu')
    expect(cpu?.cores).toBe(os.availableParallelism())
    expect(cpu?.usable).toBe(true)
    expect(cpu?.budgetBytes).toBeGreaterThan(0.8 * os.freemem())
    expect(cpu?.budgetBytes).toBeLessThanOrEqual(os.totalmem())
    expect(listing.defaultOrder.at(-1)).toBe('cpu')
  })

  it.runIf(process.platform === 'linux' && existsSync(SWIFTSHADER_ICD))(
    'probes WebGPU in a child process: usable (software) through SwiftShader, refused otherwise',
    async () => {
      const saved = process.env.VK_ICD_FILENAMES
      try {
        process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD
        const withDriver = (await listDevices()).devices.find((device) => device.id === 'webgpu')
        expect(withDriver).toMatchObject({ usable: true, software: true })
        expect(withDriver?.probe?.ok).toBe(true)
        // A driver file that is no driver: the probe, run in that environment, finds no adapter.
        const bogus = join(tmpdir(), `mpp-bogus-icd-${process.pid}.json`)
        writeFileSync(bogus, '{}')
        process.env.VK_ICD_FILENAMES = bogus
        const listing = await listDevices()
        rmSync(bogus)
        const without = listing.devices.find((device) => device.id === 'webgpu')
        expect(without?.usable).toBe(false)
        expect(without?.reason).toMatch(/probe failed/)
        expect(listing.defaultOrder).not.toContain('webgpu')
        // A driver file that does not exist is refused before any probe.
        process.env.VK_ICD_FILENAMES = '/nonexistent/icd.json'
        const missing = (await listDevices()).devices.find((device) => device.id === 'webgpu')
        expect(missing).toMatchObject({
          usable: false,
          reason: 'the Vulkan driver file /nonexistent/icd.json does not exist'
        })
        expect(missing?.probe).toBeUndefined()
      } finally {
        if (saved === undefined) delete process.env.VK_ICD_FILENAMES
        else process.env.VK_ICD_FILENAMES = saved
      }
    }
  )

  it.runIf(process.platform === 'linux')(
    'lists CUDA as unusable with the reason when it cannot run',
    async () => {
      const listing = await listDevices({ probe: false })
      const cuda = listing.devices.filter((device) => device.kind === 'cuda')
      expect(cuda.length).toBeGreaterThan(0)
      for (const device of cuda) if (!device.usable) expect(device.reason).toMatch(/cuda/i)
    }
  )
})
