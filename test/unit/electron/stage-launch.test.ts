// The model host as the app runs it, with the runAsNode fuse off: a utilityProcess (here a real
// Node child behind the utilityProcess stand-in) cannot start Node children itself, so it asks
// main, over its parent port, to launch its stage processes and device probes. Checked with real
// processes: both WebGPU stages (SwiftShader) run as main's children, not the host's; the device
// list is probed through main; the split answers with the greedy ids of one CPU stage; a stage
// process killed between answers is launched again through main and the answer is the same.
// Needs the built host, stage process and probe (out/main).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SWIFTSHADER_ICD } from '../../../main/inference/devices/webgpu-env'
import { ModelHostClient } from '../../../main/model-host/client'
import { createUtilityProcessAdapter } from '../../../main/model-host/utility-process-adapter'
import { childrenRunning } from '../../helpers/child-processes'
import { nodeUtilityProcess } from '../../helpers/node-utility-process'
import { assertHostBuilt, HOST_ENTRY, request } from '../model-host/host-test-utils'
import { makeTinyPackage, type TinyPackage } from '../workers/tiny-package'

let pkg: TinyPackage
beforeAll(async () => {
  assertHostBuilt()
  pkg = await makeTinyPackage(4)
}, 120_000)
afterAll(async () => pkg?.remove())

describe('stage processes and probes launched by main for a utilityProcess host', () => {
  it('runs each WebGPU stage as a utilityProcess of main and answers as one CPU stage', async () => {
    const utilityProcess = nodeUtilityProcess()
    const client = await ModelHostClient.start({
      adapter: createUtilityProcessAdapter(utilityProcess, HOST_ENTRY),
      env: { VK_ICD_FILENAMES: SWIFTSHADER_ICD }
    })
    const launched = (entry: string): number[] =>
      utilityProcess.forked
        .filter((fork) => fork.modulePath.endsWith(entry))
        .map((fork) => fork.pid as number)
    try {
      const { devices } = await client.devices()
      const webgpu = devices.find((device) => (device as { id?: unknown }).id === 'webgpu') as
        { reason?: string; probe?: { ok: boolean } } | undefined
      expect(webgpu?.reason).toBeUndefined()
      expect(webgpu?.probe?.ok).toBe(true)
      expect(launched('device-probe.js').length).toBeGreaterThan(0)

      await client.load(pkg.dir, { devices: ['cpu'] })
      const single = await client.generate(request('Hello', 3))

      await client.load(pkg.dir, { devices: ['webgpu:0', 'webgpu:0'], split: [1, 1] })
      const stages = launched('stage-process.js')
      expect(stages).toHaveLength(2)
      expect(childrenRunning(process.pid, 'stage-process.js').sort()).toEqual([...stages].sort())
      expect(childrenRunning(client.pid as number, 'stage-process.js')).toEqual([])
      const split = await client.generate(request('Hello', 3))
      expect(split.ids).toEqual(single.ids)

      process.kill(stages[1], 'SIGKILL')
      const replayed = await client.generate(request('Hello', 3))
      expect(replayed.ids).toEqual(single.ids)
      expect(launched('stage-process.js')).toHaveLength(3)
    } finally {
      await client.dispose()
    }
    expect(childrenRunning(process.pid, 'stage-process.js')).toEqual([])
  }, 400_000)
})
