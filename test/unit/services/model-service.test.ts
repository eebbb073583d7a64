// The model service over a real model host process (the built out/main/model-host.js, canned
// backend) and the demo package: NO_MODEL before a load, demo labelling, streaming through the
// engine it hands out, and the placement preview read from the package's manifest.
// Needs `electron-vite build` (npm test builds first).
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEventBus } from '../../../main/services/event-bus'
import { DEMO_MODEL_NOTICE, ensureDemoModel } from '../../../main/inference/demo-model'
import { DEFAULT_GENERATION_OPTIONS } from '../../../main/inference/engine-api'
import { ModelHostClient } from '../../../main/model-host/client'
import { createNodeHostAdapter } from '../../../main/model-host/node-adapter'
import { previewPlacement } from '../../../main/services/model-planning'
import { ModelService } from '../../../main/services/model-service'
import type { EventMessage } from '../../../preload/contract/events'

let home: string
let service: ModelService
const seen: EventMessage[] = []

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'mpp-model-'))
  const events = createEventBus()
  events.subscribe((message) => seen.push(message))
  service = new ModelService({
    events,
    modelsDir: join(home, 'models'),
    demoNotice: DEMO_MODEL_NOTICE,
    ensureDemoModel: () => ensureDemoModel({ ...process.env, MPP_HOME: home }),
    startHost: () =>
      ModelHostClient.start({
        adapter: createNodeHostAdapter(),
        env: { MPP_HOST_FAKE: '1', MPP_HOST_FAKE_TOKEN_MS: '1' }
      })
  })
})

afterAll(async () => {
  await service.dispose()
})

describe('ModelService', () => {
  it('refuses to answer before a model is loaded', () => {
    expect(service.status().state).toBe('none')
    expect(() => service.engine()).toThrow(expect.objectContaining({ code: 'NO_MODEL' }))
  })

  it('loads the demo model, labels it as random, and streams answers through the host', async () => {
    const status = await service.loadDemo()
    expect(status).toMatchObject({
      state: 'ready',
      demo: true,
      demoNotice: DEMO_MODEL_NOTICE,
      error: null,
      // The canned host describes no stages (info {}), so there is no placement to show.
      placement: null
    })
    const states = seen.flatMap((m) => (m.event === 'model.status' ? [m.payload.status.state] : []))
    expect(states).toContain('loading')
    expect(states.at(-1)).toBe('ready')
    // Labelled as the random demo from its first status on, while it is still being built.
    const statuses = seen.flatMap((m) => (m.event === 'model.status' ? [m.payload.status] : []))
    expect(statuses.map((st) => st.demo)).toEqual(statuses.map(() => true))
    const deltas: string[] = []
    const result = await service.engine().generate(
      {
        conversationId: 'c-1',
        system: 'You are a helpful assistant.',
        turns: [{ query: 'hello', media: [] }],
        options: { ...DEFAULT_GENERATION_OPTIONS }
      },
      { onDelta: (text) => deltas.push(text) }
    )
    expect(deltas.join('')).toBe(result.text)
    expect(result.text.startsWith('You said "hello" with 0 media.')).toBe(true)
  })

  it('previews placement from the package manifest', async () => {
    const dir = join(home, 'demo-model')
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'))
    const preview = await previewPlacement(dir)
    const cpu = preview.bars.find((bar) => bar.device === 'cpu')
    expect(preview.split.reduce((a, b) => a + b, 0)).toBe(manifest.arch.llm.layers)
    expect(preview.bars.some((bar) => bar.visionBytes === manifest.sizes.visionBytes)).toBe(true)
    expect(cpu?.capacityBytes).toBeGreaterThan(0)
  })

  it('keeps the working model when a folder that is not a model package is loaded', async () => {
    const working = service.status()
    expect(working.state).toBe('ready')
    const notAPackage = await mkdtemp(join(home, 'not-a-package-'))
    const status = await service.load(notAPackage)
    expect(status).toMatchObject({
      state: 'ready',
      packagePath: working.packagePath,
      demo: true
    })
    expect(status.error).toMatch(/^Could not load not-a-package-\w+: /)
    expect(status.error).not.toContain(home)
    const answer = await service.engine().generate({
      conversationId: 'c-2',
      system: 'You are a helpful assistant.',
      turns: [{ query: 'still there?', media: [] }],
      options: { ...DEFAULT_GENERATION_OPTIONS }
    })
    expect(answer.text.startsWith('You said "still there?" with 0 media.')).toBe(true)
  })

  it('loads the working model again when the host fails on a package after letting it go', async () => {
    const working = service.status()
    // A complete package the canned host cannot read (its config is not JSON): the host drops the
    // model it had before it finds out.
    const broken = await mkdtemp(join(home, 'broken-'))
    await cp(working.packagePath ?? '', broken, { recursive: true })
    await writeFile(join(broken, 'fake-model.json'), '{')
    const status = await service.load(broken)
    expect(status).toMatchObject({ state: 'ready', packagePath: working.packagePath })
    expect(status.error).toMatch(/^Could not load broken-\w+: fake-model\.json is not valid JSON$/)
    const answer = await service.engine().generate({
      conversationId: 'c-3',
      system: 'You are a helpful assistant.',
      turns: [{ query: 'back?', media: [] }],
      options: { ...DEFAULT_GENERATION_OPTIONS }
    })
    expect(answer.text.startsWith('You said "back?" with 0 media.')).toBe(true)
  })

  it('names a missing package folder', async () => {
    await expect(service.load(join(home, 'nope'))).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})

describe('ModelService at start', () => {
  const started: ModelService[] = []
  afterAll(async () => {
    await Promise.all(started.map((each) => each.dispose()))
  })

  function serviceRemembering(remembered: string | null): ModelService {
    const each = new ModelService({
      events: createEventBus(),
      modelsDir: join(home, 'models'),
      demoNotice: DEMO_MODEL_NOTICE,
      ensureDemoModel: () => ensureDemoModel({ ...process.env, MPP_HOME: home }),
      recall: async () => remembered,
      startHost: () =>
        ModelHostClient.start({
          adapter: createNodeHostAdapter(),
          env: { MPP_HOST_FAKE: '1', MPP_HOST_FAKE_TOKEN_MS: '1' }
        })
    })
    started.push(each)
    return each
  }

  it('falls back to the demo model when the remembered package is gone', async () => {
    const status = await serviceRemembering(join(home, 'moved-away')).loadAtStart()
    expect(status).toMatchObject({
      state: 'ready',
      packagePath: await ensureDemoModel({ ...process.env, MPP_HOME: home }),
      demo: true,
      demoNotice: DEMO_MODEL_NOTICE
    })
  })

  it('loads the remembered package when it still exists, and a given one before both', async () => {
    const demo = await ensureDemoModel({ ...process.env, MPP_HOME: home })
    const remembered = await mkdtemp(join(home, 'remembered-'))
    await cp(demo, remembered, { recursive: true })
    const given = await mkdtemp(join(home, 'given-'))
    await cp(demo, given, { recursive: true })
    expect((await serviceRemembering(remembered).loadAtStart()).packagePath).toBe(remembered)
    expect((await serviceRemembering(remembered).loadAtStart(given)).packagePath).toBe(given)
  })
})
