// Converting runs in a model host process, not on main's event loop: while a real convert of a
// test model runs there, this (main's) process spends a small part of the CPU time the same
// convert costs when run here (measured first, in this process); progress arrives as typed host
// events; cancel stops it and leaves neither the package folder nor the converter's partial
// folder. CPU time, not a timer's lag: on a busy 2-core machine timers lag by a few hundred ms
// anyway, about what the whole convert of a test model holds a thread for.
import { existsSync } from 'node:fs'
import { mkdtemp, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ModelHostClient } from '../../../main/model-host/client'
import { createNodeHostAdapter } from '../../../main/model-host/node-adapter'
import {
  makeTestModel,
  type TestModelFiles
} from '../../../main/inference/test-model/make-test-model'
import { createAppServices } from '../../../main/app'
import { convertInJobHost } from '../../../main/services/host-jobs'
import { convertModel } from '../../../main/inference/convert/convert'
import { noVideo } from '../../helpers/service-fixture'
import { cpuTimeDuring } from '../../helpers/cpu-time'
import { assertHostBuilt, HOST_ENTRY, removeDir } from './host-test-utils'

const fixtures = join(import.meta.dirname, '../../../../shared/fixtures')
let root = ''
let files: TestModelFiles
/** CPU time of this convert when it runs in this process. */
let convertHereCpuMs = 0

const startHost = (): Promise<ModelHostClient> =>
  ModelHostClient.start({ adapter: createNodeHostAdapter({ entryPath: HOST_ENTRY }) })

beforeAll(async () => {
  assertHostBuilt()
  root = await mkdtemp(join(tmpdir(), 'mpp-convert-host-'))
  files = await makeTestModel({
    outDir: join(root, 'src'),
    tokenizerPath: join(fixtures, 'qwen.tiktoken')
  })
  const here = await cpuTimeDuring(() => convertModel(sources(join(root, 'converted-here'))))
  convertHereCpuMs = here.cpuMs
})
afterAll(() => removeDir(root))

function sources(out: string) {
  return {
    vit: files.vision,
    blip2: files.blip2,
    llm: files.qwenFolder,
    sft: files.sft,
    dtype: 'int4' as const,
    out
  }
}

describe('convert in the model host', () => {
  it('converts in a host process, which leaves this process a small part of the CPU work, with progress', async () => {
    const out = join(root, 'pkg')
    const progress: Array<{ phase: string; done: number; total: number }> = []
    const { result, cpuMs } = await cpuTimeDuring(() =>
      convertInJobHost(
        startHost,
        sources(out),
        (p) => progress.push(p),
        new AbortController().signal
      )
    )
    expect(result).toEqual({ path: out, name: 'pkg', demo: false })
    expect(existsSync(join(out, 'manifest.json'))).toBe(true)
    expect(progress.length).toBeGreaterThan(3)
    expect(progress.at(-1)).toMatchObject({ done: progress.at(-1)?.total })
    expect(cpuMs).toBeLessThan(convertHereCpuMs / 4)
  })

  it('cancel stops the convert and leaves no package and no partial folder', async () => {
    const out = join(root, 'cancelled')
    const controller = new AbortController()
    const progress: number[] = []
    const outcome = await convertInJobHost(
      startHost,
      sources(out),
      (p) => {
        progress.push(p.done)
        if (progress.length === 2) controller.abort()
      },
      controller.signal
    ).then(
      () => null,
      (error: unknown) => error
    )
    expect(outcome).toMatchObject({ remoteCode: 'CANCELLED' })
    expect(progress.length).toBeGreaterThanOrEqual(2)
    expect(existsSync(out)).toBe(false)
    expect((await readdir(root)).filter((name) => name.startsWith('cancelled'))).toEqual([])
  })

  it('the model.convert route runs in a job host; model.cancelConvert stops it', async () => {
    const app = createAppServices({
      dataDir: join(root, 'app'),
      startHost: () => Promise.reject(new Error('no chat host in this test')),
      startJobHost: startHost,
      video: noVideo,
      ensureDemoModel: () => Promise.reject(new Error('no demo model in this test')),
      demoNotice: ''
    })
    const progress: unknown[] = []
    app.events.subscribe((m) => {
      if (m.event === 'convert.progress') progress.push(m.payload)
    })
    const { vit, blip2, llm, sft } = sources('')
    const input = { vit, blip2, llm, sft, dtype: 'int4', name: 'routed' }
    const { result, cpuMs } = await cpuTimeDuring(() => app.router.dispatch('model.convert', input))
    expect(result).toEqual({
      ok: true,
      value: { path: join(root, 'app', 'models', 'routed'), name: 'routed', demo: false }
    })
    expect(progress.length).toBeGreaterThan(3)
    expect(cpuMs).toBeLessThan(convertHereCpuMs / 4)

    const cancelled = app.router.dispatch('model.convert', { ...input, name: 'stopped' })
    while (progress.length < 8 + 2) await new Promise((resolve) => setTimeout(resolve, 5))
    expect(await app.router.dispatch('model.cancelConvert', {})).toEqual({ ok: true, value: null })
    expect(await cancelled).toMatchObject({ ok: false })
    const models = await readdir(join(root, 'app', 'models'))
    expect(models).toEqual(['routed'])
  })

  it('refuses bad convert parameters on the host side', async () => {
    const host = await startHost()
    try {
      const bad = { ...sources(join(root, 'bad')), dtype: 'int8' } as unknown as ReturnType<
        typeof sources
      >
      await expect(host.convert(bad)).rejects.toMatchObject({ remoteCode: 'BAD_REQUEST' })
    } finally {
      await host.dispose()
    }
  })
})
