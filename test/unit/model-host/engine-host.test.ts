// The model host with the real engine on the tiny random-weight demo package (made by
// ensureDemoModel: make-test-model + convert): SIGKILL mid-answer gives the same answer as an
// uninterrupted run, a package that breaks while the host is down ends in CIRCUIT_OPEN,
// load/unload cycles do not pile up memory, and devices / encodeMedia cross the boundary. Needs
// the built host (out/main/model-host.js).
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureDemoModel } from '../../../main/inference/demo-model'
import {
  DEFAULT_GENERATION_OPTIONS,
  type GenerateRequest
} from '../../../main/inference/engine-api'
import { ModelHostClient } from '../../../main/model-host/client'
import { ModelHostError } from '../../../main/model-host/errors'
import { createNodeHostAdapter } from '../../../main/model-host/node-adapter'
import { assertHostBuilt, HOST_ENTRY, isRunning } from './host-test-utils'

const IMAGE = join(import.meta.dirname, '../../../../shared/fixtures/images/004090033.jpg')
let home: string
let packagePath: string

beforeAll(async () => {
  assertHostBuilt()
  home = await mkdtemp(join(tmpdir(), 'mpp-engine-host-'))
  const demo = await ensureDemoModel({ MPP_HOME: home })
  // A private copy: one test corrupts it.
  packagePath = join(home, 'package')
  await cp(demo, packagePath, { recursive: true })
})

afterAll(async () => {
  await rm(home, { recursive: true, force: true })
})

function start(): Promise<ModelHostClient> {
  return ModelHostClient.start({
    adapter: createNodeHostAdapter({ entryPath: HOST_ENTRY }),
    heartbeatIntervalMs: 200,
    heartbeatTimeoutMs: 10_000,
    backoffMs: () => 50
  })
}

function turn(maxNewTokens: number): GenerateRequest {
  return {
    conversationId: 'crash',
    system: 'You are a helpful assistant.',
    turns: [{ query: 'What is in this picture?', media: [{ kind: 'image', path: IMAGE }] }],
    options: { ...DEFAULT_GENERATION_OPTIONS, maxNewTokens }
  }
}

describe('model host with the real engine (tiny demo package)', () => {
  it('answers the same after a SIGKILL mid-answer as without one (greedy)', async () => {
    const client = await start()
    try {
      await client.load(packagePath, null)
      const reference = await client.generate({ ...turn(60), conversationId: 'reference' })
      expect(reference.stats.generatedTokens).toBeGreaterThan(10)
      const killed = client.pid as number
      let restarts = 0
      let deltas = 0
      let shown = ''
      const replayed = await client.generate(turn(60), {
        onDelta: (text) => {
          shown += text
          if (++deltas === 2) process.kill(killed, 'SIGKILL')
        },
        onRestart: () => {
          restarts++
          shown = ''
        }
      })
      expect(restarts).toBe(1)
      expect(isRunning(killed)).toBe(false)
      expect(replayed.text).toBe(reference.text)
      expect(replayed.ids).toEqual(reference.ids)
      expect(shown.trim()).toBe(reference.text)
    } finally {
      await client.dispose()
    }
  })

  it('gives up with CIRCUIT_OPEN when the package cannot be reloaded after a crash', async () => {
    const broken = join(home, 'broken')
    await cp(packagePath, broken, { recursive: true })
    const client = await start()
    try {
      await client.load(broken, null)
      let deltas = 0
      const outcome = await client
        .generate(turn(60), {
          onDelta: () => {
            if (++deltas !== 2) return
            void writeFile(join(broken, 'manifest.json'), '{ "formatVersion": 1, "trunc').then(() =>
              process.kill(client.pid as number, 'SIGKILL')
            )
          }
        })
        .then(
          () => null,
          (error: unknown) => error
        )
      expect(outcome).toBeInstanceOf(ModelHostError)
      expect((outcome as ModelHostError).code).toBe('CIRCUIT_OPEN')
      expect((outcome as ModelHostError).message).toMatch(/failed 4 times in a row/)
      expect(client.state).toBe('failed')
    } finally {
      await client.dispose()
    }
  })

  it('lists the devices (the CPU among them) and pre-encodes media', async () => {
    const client = await start()
    try {
      await expect(client.encodeMedia([{ kind: 'image', path: IMAGE }])).rejects.toMatchObject({
        remoteCode: 'NOT_LOADED'
      })
      await client.load(packagePath, null)
      expect(await client.encodeMedia([{ kind: 'image', path: IMAGE }])).toMatchObject({
        images: 1
      })
      const { devices } = await client.devices()
      expect(devices).toContainEqual(
        expect.objectContaining({ id: 'cpu', kind: 'cpu', usable: true })
      )
    } finally {
      await client.dispose()
    }
  })

  it('releases the model on unload: repeated load/unload cycles do not pile up memory', async () => {
    const client = await start()
    try {
      const base = (await client.status()).memory.rss
      const loadedRss: number[] = []
      for (let cycle = 0; cycle < 3; cycle++) {
        await client.load(packagePath, null)
        loadedRss.push((await client.status()).memory.rss)
        await client.unload()
        expect((await client.status()).state).toBe('empty')
      }
      const growth = loadedRss[0] - base
      expect(growth).toBeGreaterThan(20e6)
      // Without release, each cycle would add about `growth` again.
      expect(loadedRss[2] - loadedRss[0]).toBeLessThan(growth * 0.5)
    } finally {
      await client.dispose()
    }
  })
})
