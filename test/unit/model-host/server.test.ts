// The host server through an in-memory port that structured-clones every frame both ways (as
// Node IPC and Electron ports do): validation, queueing order, cancellation, errors, shutdown.
import { describe, expect, it } from 'vitest'
import { DEFAULT_GENERATION_OPTIONS } from '../../../main/inference/engine-api'
import { MppError } from '../../../main/shared/errors'
import type { HostBackend } from '../../../main/model-host/host-backend'
import { emptyStats } from '../../../main/model-host/host-backend'
import { HostFrameSchema, type HostFrame } from '../../../main/model-host/protocol'
import { serveModelHost } from '../../../main/model-host/server'

/** A backend whose generate waits for the test to release it, so ordering is controlled. */
function controlledBackend(): HostBackend & { release(text: string): void; started: string[] } {
  const waiting: Array<(text: string) => void> = []
  let loaded: { packagePath: string; placement: null } | null = null
  const started: string[] = []
  return {
    started,
    release: (text) => waiting.shift()?.(text),
    load: async (params, sink) => {
      if (params.packagePath === 'broken')
        throw new MppError('BAD_MANIFEST', 'manifest.json is missing')
      sink.onProgress({ phase: 'weights', done: 1, total: 1 })
      loaded = { packagePath: params.packagePath, placement: null }
      return { packagePath: params.packagePath, demo: false, loadMs: 1, info: null }
    },
    unload: async () => void (loaded = null),
    loaded: () => loaded,
    devices: async () => ({ devices: [] }),
    encodeMedia: async (params) => ({ images: params.media.length, ms: 0 }),
    generate: (params, sink, signal) => {
      started.push(params.turns[0].query)
      return new Promise((resolve) => {
        const finish = (text: string, stop: 'stop-token' | 'cancelled'): void =>
          resolve({ ids: [1], text, stats: emptyStats(stop) })
        signal.addEventListener('abort', () => finish('partial', 'cancelled'))
        waiting.push((text) => {
          sink.onDelta(text)
          finish(text, 'stop-token')
        })
      })
    },
    dispose: async () => void (loaded = null)
  }
}

function harness(backend: HostBackend) {
  const received: HostFrame[] = []
  let deliver: (raw: unknown) => void = () => {}
  serveModelHost(
    {
      send: (frame) => received.push(HostFrameSchema.parse(structuredClone(frame))),
      onFrame: (listener) => (deliver = listener)
    },
    backend
  )
  const send = (frame: unknown): void => deliver(structuredClone(frame))
  const settle = (): Promise<void> => new Promise((done) => setTimeout(done, 5))
  return { received, send, settle }
}

const gen = (id: number, query: string) => ({
  v: 1,
  kind: 'request',
  id,
  method: 'generate',
  params: {
    conversationId: 'c',
    system: 's',
    turns: [{ query, media: [] }],
    options: DEFAULT_GENERATION_OPTIONS
  }
})

describe('model host server', () => {
  it('says ready, answers pings, and rejects malformed frames and params', async () => {
    const { received, send, settle } = harness(controlledBackend())
    expect(received[0]).toMatchObject({ kind: 'ready', pid: process.pid })
    send({ v: 1, kind: 'ping', seq: 7 })
    send({ v: 2, kind: 'ping', seq: 8 })
    send({ v: 1, kind: 'request', id: 3, method: 'generate', params: { turns: [] } })
    send({ v: 1, kind: 'request', id: 4, method: 'explode', params: {} })
    await settle()
    expect(received[1]).toEqual({ v: 1, kind: 'pong', seq: 7 })
    expect(received[2]).toMatchObject({ kind: 'protocolError' })
    expect(received[3]).toMatchObject({ kind: 'error', id: 3, error: { code: 'BAD_REQUEST' } })
    expect(received[4]).toMatchObject({ kind: 'error', id: 4, error: { code: 'BAD_REQUEST' } })
  })

  it('refuses to generate before a load and forwards engine error codes', async () => {
    const { received, send, settle } = harness(controlledBackend())
    send(gen(1, 'q'))
    send({
      v: 1,
      kind: 'request',
      id: 2,
      method: 'load',
      params: { packagePath: 'broken', placement: null }
    })
    await settle()
    expect(received[1]).toMatchObject({ id: 1, error: { code: 'NOT_LOADED' } })
    expect(received[2]).toMatchObject({
      id: 2,
      error: {
        code: 'LOAD_FAILED',
        engineCode: 'BAD_MANIFEST',
        message: 'manifest.json is missing'
      }
    })
  })

  it('serialises generations in arrival order; cancel drops queued and stops running ones', async () => {
    const backend = controlledBackend()
    const { received, send, settle } = harness(backend)
    send({
      v: 1,
      kind: 'request',
      id: 1,
      method: 'load',
      params: { packagePath: 'p', placement: null }
    })
    send(gen(2, 'a'))
    send(gen(3, 'b'))
    send(gen(4, 'c'))
    await settle()
    send({ v: 1, kind: 'request', id: 5, method: 'status', params: {} })
    await settle()
    expect(backend.started).toEqual(['a'])
    const status = received.find((f) => f.kind === 'result' && f.id === 5)
    expect(status).toMatchObject({ result: { state: 'ready', busy: true, queued: 2 } })
    send({ v: 1, kind: 'cancel', id: 3 })
    await settle()
    expect(received.at(-1)).toMatchObject({ kind: 'error', id: 3, error: { code: 'CANCELLED' } })
    backend.release('A')
    await settle()
    expect(backend.started).toEqual(['a', 'c'])
    send({ v: 1, kind: 'cancel', id: 4 })
    await settle()
    const tail = received.filter((f) => f.kind !== 'ready' && 'id' in f && f.id !== 5 && f.id !== 1)
    expect(tail.map((f) => [f.kind, 'id' in f ? f.id : -1])).toEqual([
      ['error', 3],
      ['event', 2],
      ['event', 2],
      ['result', 2],
      ['event', 4],
      ['result', 4]
    ])
    expect(tail.at(-1)).toMatchObject({
      result: { text: 'partial', stats: { stopReason: 'cancelled' } }
    })
    expect(tail[1]).toMatchObject({ event: { type: 'delta', text: 'A' } })
  })
})
