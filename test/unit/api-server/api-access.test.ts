// Who gets into the local API and what it refuses before any model work, on a real listener:
// loopback without a key only when allowed, a revoked key, the Host check against DNS
// rebinding, 503 before a model is loaded, 404 for another model's name, body and image limits
// (413 / 400 naming them), remote URLs and bytes that are not the declared image type. Also the
// service: the key and switch survive a restart, with the file readable by its owner only.
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { createServer, request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createEventBus } from '../../../main/services/event-bus'
import { ServiceError } from '../../../main/services/service-error'
import { startApiServer, type ApiServer } from '../../../main/api-server/api-server'
import { ApiServerService } from '../../../main/api-server/api-server-service'
import type { ChatEngine } from '../../../main/services/chat-engine'
import { dataUrl } from './api-support'

const KEY = 'access-key-0123456789'
let dir: string
let server: ApiServer | null = null

const noEngine = (): ChatEngine => {
  throw new ServiceError('NO_MODEL', 'Load a model first')
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mpp-api-access-'))
})

afterEach(async () => {
  await server?.close()
  server = null
  await rm(dir, { recursive: true, force: true })
})

interface Options {
  key?: string | null
  loopback?: boolean
  modelId?: string | null
}

async function start(options: Options = {}): Promise<ApiServer> {
  server = await startApiServer({
    backend: {
      engine: noEngine,
      modelId: () => (options.modelId === undefined ? 'demo-model' : options.modelId)
    },
    host: '127.0.0.1',
    port: 0,
    key: () => (options.key === undefined ? KEY : options.key),
    allowLoopbackWithoutKey: () => options.loopback === true,
    dataDir: dir,
    limits: { maxImageBytes: 1024 * 1024, maxImages: 2, maxVideoBytes: 1024 * 1024, maxVideos: 1 }
  })
  return server
}

async function call(
  path: string,
  init: { body?: unknown; key?: string | null; host?: string; origin?: string } = {}
): Promise<{ status: number; body: { error?: { message: string; param: string | null } } }> {
  const url = new URL(`${server?.url}${path}`)
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (init.key !== null) headers.authorization = `Bearer ${init.key ?? KEY}`
  if (init.host) headers.host = init.host
  if (init.origin) headers.origin = init.origin
  const payload = init.body === undefined ? undefined : JSON.stringify(init.body)
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method: payload === undefined ? 'GET' : 'POST', headers },
      (response) => {
        let text = ''
        response.on('data', (chunk: Buffer) => (text += chunk.toString()))
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(text || '{}') })
        )
      }
    )
    request.on('error', reject)
    request.end(payload)
  })
}

const chat = (content: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  model: 'mpp',
  messages: [{ role: 'user', content }],
  ...extra
})

describe('access to the local API', () => {
  it('lets loopback in without a key only when allowed', async () => {
    await start({ loopback: false })
    expect((await call('/models', { key: null })).status).toBe(401)
    await server?.close()
    await start({ loopback: true, key: null })
    expect((await call('/models', { key: null })).status).toBe(200)
    // A web page's request (the browser names its Origin) still needs the key.
    const page = await call('/models', { key: null, origin: 'https://example.com' })
    expect(page.status).toBe(401)
  })

  it('refuses every key once the key is revoked', async () => {
    await start({ key: null })
    const reply = await call('/models')
    expect(reply.status).toBe(401)
    expect(reply.body.error?.message).toBe('Wrong API key')
  })

  it('refuses a Host header that is not this server', async () => {
    await start()
    expect((await call('/models', { host: 'evil.example:80' })).status).toBe(400)
  })

  it('answers 503 before a model is loaded and 404 for another model name', async () => {
    await start({ modelId: null })
    expect((await call('/chat/completions', { body: chat('Hi') })).status).toBe(503)
    await server?.close()
    await start()
    const other = await call('/chat/completions', { body: { ...chat('Hi'), model: 'gpt-4o' } })
    expect(other.status).toBe(404)
    expect(other.body.error?.param).toBe('model')
    // With the model known and the body valid, the request reaches the engine: none is loaded.
    expect((await call('/chat/completions', { body: chat('Hi') })).status).toBe(503)
  })

  it('names the limits it refuses', async () => {
    await start()
    const image = { type: 'image_url', image_url: { url: dataUrl('small-50x37.png') } }
    const three = await call('/chat/completions', { body: chat([image, image, image]) })
    expect(three.status).toBe(400)
    expect(three.body.error?.message).toContain('the limit is 2 per request (max_images)')
    const big = Buffer.alloc(1024 * 1024 + 10, 1)
    big.set([0x89, 0x50, 0x4e, 0x47])
    const url = `data:image/png;base64,${big.toString('base64')}`
    const large = await call('/chat/completions', {
      body: chat([{ type: 'image_url', image_url: { url } }])
    })
    expect(large.status).toBe(413)
    expect(large.body.error?.message).toContain('the limit is 1.0 MB per image')
    const huge = await call('/chat/completions', { body: chat('x'.repeat(8 * 1024 * 1024)) })
    expect(huge.status).toBe(413)
    expect(huge.body.error?.message).toContain('(max_body_bytes)')
  })

  it('refuses remote URLs and bytes that are not the declared type', async () => {
    await start()
    const remote = await call('/chat/completions', {
      body: chat([{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }])
    })
    expect(remote.status).toBe(400)
    expect(remote.body.error?.message).toContain('fetches no remote URLs')
    const jpegAsPng = dataUrl('photo-640x427.jpg').replace('image/jpeg', 'image/png')
    const wrong = await call('/chat/completions', {
      body: chat([{ type: 'image_url', image_url: { url: jpegAsPng } }])
    })
    expect(wrong.status).toBe(400)
    expect(wrong.body.error?.param).toBe('messages.0.content.0.image_url')
  })
})

describe('the API server service', () => {
  const backend = { engine: noEngine, modelId: () => 'demo-model' }

  it('keeps its switch, port and key across restarts, in a file only its owner reads', async () => {
    const taken = createServer()
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done))
    const port = (taken.address() as AddressInfo).port
    const first = new ApiServerService({ dataDir: dir, events: createEventBus(), backend })
    const on = await first.configure({ enabled: true, port })
    // The port is taken: the status says so instead of failing.
    expect(on.running).toBe(false)
    expect(on.error).toContain(`could not listen on 127.0.0.1:${port}`)
    taken.close()
    const key = on.key
    expect(key).toMatch(/^mpp-/)
    await first.dispose()
    expect((await stat(join(dir, 'api-server.json'))).mode & 0o077).toBe(0)

    const second = new ApiServerService({ dataDir: dir, events: createEventBus(), backend })
    const again = await second.init()
    expect([again.enabled, again.running, again.port, again.key]).toEqual([true, true, port, key])
    const renewed = await second.newKey()
    expect(renewed.key).not.toBe(key)
    expect((await second.revokeKey()).key).toBeNull()
    await second.dispose()
  })

  it('runs for `serve --api` with the command line key, not saving it', async () => {
    const service = new ApiServerService({ dataDir: dir, events: createEventBus(), backend })
    const status = await service.startForRun({ host: '127.0.0.1', port: 0, key: 'cli-key-12345' })
    expect(status.running).toBe(true)
    expect(status.key).toBe('cli-key-12345')
    expect(status.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/)
    await service.dispose()
    const later = new ApiServerService({ dataDir: dir, events: createEventBus(), backend })
    expect((await later.init()).key).not.toBe('cli-key-12345')
    await later.dispose()
  })
})
