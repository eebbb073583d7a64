// The loaded model's placement in the model status, from the real model host (the built
// out/main/model-host.js with the engine) on the tiny demo package: one CPU stage over every
// layer, none while a load runs, and a webgpu | cpu split (SwiftShader) read through the same
// contract parser main uses. Needs `electron-vite build`.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_MODEL_NOTICE, ensureDemoModel } from '../../../main/inference/demo-model'
import { useSwiftShaderIfUnset } from '../../../main/inference/devices/webgpu-env'
import { ModelHostClient } from '../../../main/model-host/client'
import { createNodeHostAdapter } from '../../../main/model-host/node-adapter'
import { createEventBus } from '../../../main/services/event-bus'
import { ModelService } from '../../../main/services/model-service'
import { placementFromInfo } from '../../../preload/contract/model-placement'
import type { ModelStatus } from '../../../preload/contract/types'
import { assertHostBuilt, HOST_ENTRY } from '../model-host/host-test-utils'
import { webgpuUnavailable } from '../../helpers/webgpu'

let home: string
let demo: string
/** Decoder layers of the demo package, from its manifest (make-test-model's tiny preset: 3). */
let layers: number

const startHost = (): Promise<ModelHostClient> =>
  ModelHostClient.start({ adapter: createNodeHostAdapter({ entryPath: HOST_ENTRY }) })

beforeAll(async () => {
  assertHostBuilt()
  home = await mkdtemp(join(tmpdir(), 'mpp-status-placement-'))
  demo = await ensureDemoModel({ ...process.env, MPP_HOME: home })
  const manifest = JSON.parse(await readFile(join(demo, 'manifest.json'), 'utf8')) as {
    arch: { llm: { layers: number } }
  }
  layers = manifest.arch.llm.layers
}, 300_000)

afterAll(async () => {
  await rm(home, { recursive: true, force: true })
})

describe('placement in the model status (real host)', () => {
  it('says the demo model runs as one CPU stage over all its layers, and nothing while loading', async () => {
    const statuses: ModelStatus[] = []
    const events = createEventBus()
    events.subscribe((message) => {
      if (message.event === 'model.status') statuses.push(message.payload.status)
    })
    const service = new ModelService({
      events,
      modelsDir: join(home, 'models'),
      demoNotice: DEMO_MODEL_NOTICE,
      ensureDemoModel: () => Promise.resolve(demo),
      startHost
    })
    try {
      const status = await service.loadDemo()
      expect(status.state).toBe('ready')
      expect(layers).toBe(3)
      expect(status.placement).toEqual({ layers, stages: [{ device: 'cpu', layers: [0, 3] }] })
      const loading = statuses.filter((s) => s.state === 'loading')
      expect(loading.length).toBeGreaterThan(0)
      expect(loading.map((s) => s.placement)).toEqual(loading.map(() => null))
    } finally {
      await service.dispose()
    }
  }, 120_000)

  it('reads a webgpu | cpu split from the host the way main does', async (context) => {
    useSwiftShaderIfUnset()
    const reason = await webgpuUnavailable()
    if (reason) context.skip(`no WebGPU adapter here: ${reason}`)
    const host = await startHost()
    try {
      // Ratios 2:1 of 3 layers: layers 0 and 1 on the adapter, layer 2 on the CPU.
      const result = await host.load(demo, { devices: ['webgpu', 'cpu'], split: [2, 1] })
      expect(placementFromInfo(result.info)).toEqual({
        layers: 3,
        stages: [
          { device: 'webgpu', layers: [0, 2] },
          { device: 'cpu', layers: [2, 3] }
        ]
      })
    } finally {
      await host.dispose()
    }
  }, 300_000)
})
