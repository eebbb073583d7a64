// The `mpp serve` bridge over real HTTP and WebSocket: the token is required everywhere, the
// Host header must be ours, routes reach the router, uploads reach the attachment store and
// events reach the socket.
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { ConversationStore } from '../../../main/services/conversation-store'
import { startBridge, type BridgeServer } from '../../../main/serve/bridge-server'
import { createAppServices, type AppServices } from '../../../main/app'
import type { Conversation } from '../../../preload/contract/types'
import { FIXTURE_IMAGES, noVideo } from '../../helpers/service-fixture'
import { unzip } from '../../helpers/zip'

let bridge: BridgeServer
let app: AppServices
let base: string
let dataDir: string

beforeEach(async () => {
  const root = await mkdtemp(join(tmpdir(), 'mpp-bridge-'))
  const rendererDir = join(root, 'renderer')
  await mkdir(rendererDir)
  await writeFile(join(rendererDir, 'index.html'), '<p>ui</p>')
  dataDir = join(root, 'data')
  app = createAppServices({
    dataDir,
    video: noVideo,
    startHost: () => Promise.reject(new Error('no host in this test')),
    ensureDemoModel: () => Promise.reject(new Error('no demo in this test')),
    demoNotice: ''
  })
  bridge = await startBridge({ app, rendererDir, host: '127.0.0.1', port: 0 })
  base = new URL(bridge.url).origin
})

afterEach(async () => {
  await bridge.close()
})

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body)
  })

describe('startBridge', () => {
  it('refuses requests without the token: page, API, upload and events', async () => {
    expect((await fetch(`${base}/`)).status).toBe(401)
    expect((await fetch(`${base}/?token=wrong`)).status).toBe(401)
    const api = await post('/api/conversation.list', {})
    expect(api.status).toBe(401)
    expect(await api.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect((await post('/api/conversation.list', {}, { 'x-mpp-token': 'nope' })).status).toBe(401)
    const socket = new WebSocket(`${base.replace('http', 'ws')}/api/events`)
    await expect(
      new Promise((resolve, reject) => {
        socket.on('open', resolve)
        socket.on('error', reject)
      })
    ).rejects.toThrow(/401/)
  })

  it('serves the page with the token and sets a cookie that later asset requests use', async () => {
    const page = await fetch(bridge.url)
    expect(page.status).toBe(200)
    expect(await page.text()).toBe('<p>ui</p>')
    const cookie = page.headers.get('set-cookie') ?? ''
    expect(cookie).toContain('HttpOnly')
    const again = await fetch(`${base}/index.html`, { headers: { cookie: cookie.split(';')[0] } })
    expect(again.status).toBe(200)
    expect((await fetch(`${base}/..%2f..%2fetc%2fpasswd`, { headers: { cookie } })).status).toBe(
      404
    )
  })

  it('refuses a foreign Host header even with the token', async () => {
    const { request } = await import('node:http')
    const status = await new Promise<number>((resolve) => {
      const url = new URL(bridge.url)
      request(
        {
          host: '127.0.0.1',
          port: url.port,
          path: url.pathname + url.search,
          headers: { host: 'evil.example:80' }
        },
        (response) => resolve(response.statusCode ?? 0)
      ).end()
    })
    expect(status).toBe(400)
  })

  it('routes API calls, takes uploads and forwards events', async () => {
    const auth = { 'x-mpp-token': bridge.token }
    const created = await (await post('/api/conversation.create', { title: 'Hi' }, auth)).json()
    expect(created).toMatchObject({ ok: true, value: { title: 'Hi' } })
    expect(await (await post('/api/conversation.get', { id: '../x' }, auth)).json()).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT' }
    })

    const bytes = await readFile(join(FIXTURE_IMAGES, '004090033.jpg'))
    const upload = await fetch(`${base}/api/upload`, {
      method: 'POST',
      headers: { ...auth, 'x-mpp-filename': encodeURIComponent('猫 photo.jpg') },
      body: bytes
    })
    expect(await upload.json()).toMatchObject({
      ok: true,
      value: { kind: 'image', name: '猫 photo.jpg', bytes: bytes.length }
    })

    const socket = new WebSocket(`${base.replace('http', 'ws')}/api/events?token=${bridge.token}`)
    await new Promise((resolve) => socket.on('open', resolve))
    const received = new Promise((resolve) =>
      socket.on('message', (data) => resolve(JSON.parse(String(data))))
    )
    app.events.emit('notice', { level: 'info', message: 'hello' })
    expect(await received).toEqual({
      event: 'notice',
      payload: { level: 'info', message: 'hello' }
    })
    socket.close()
  })

  it('downloads an export as one zip with its media and imports it back, with the token only', async () => {
    const auth = { 'x-mpp-token': bridge.token }
    const bytes = await readFile(join(FIXTURE_IMAGES, '004090033.jpg'))
    const uploaded = await fetch(`${base}/api/upload`, {
      method: 'POST',
      headers: { ...auth, 'x-mpp-filename': 'beach.jpg' },
      body: bytes
    })
    const attachment = ((await uploaded.json()) as { value: { id: string } }).value
    const created = (await (
      await post('/api/conversation.create', { title: '旅行 trip' }, auth)
    ).json()) as {
      value: Conversation
    }
    // A finished turn about the image, written the way the app writes conversations.
    await new ConversationStore({ dir: join(dataDir, 'conversations') }).save({
      ...created.value,
      attachments: [
        { id: attachment.id, label: 'A', name: 'beach.jpg', kind: 'image', frames: null }
      ],
      turns: [
        {
          id: 't1',
          query: 'Where is this?',
          attachmentIds: [attachment.id],
          response: 'A beach.',
          status: 'done',
          error: null,
          stats: null,
          createdAt: created.value.createdAt
        }
      ]
    })
    const exported = (await (
      await post('/api/conversation.export', { id: created.value.id, format: 'markdown' }, auth)
    ).json()) as { value: { name: string } }
    const name = exported.value.name
    expect(name).toMatch(/^旅行-trip-\d{4}-/)
    const url = `${base}/exports/${encodeURIComponent(name)}.zip`

    expect((await fetch(url)).status).toBe(401)
    const cookie = ((await fetch(bridge.url)).headers.get('set-cookie') ?? '').split(';')[0]
    const response = await fetch(url, { headers: { cookie } })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/zip')
    const archive = Buffer.from(await response.arrayBuffer())
    const files = await unzip(archive)
    expect([...files.keys()].sort()).toEqual([
      `${name}/conversation.json`,
      `${name}/conversation.md`,
      `${name}/images/A.jpg`
    ])
    expect(files.get(`${name}/images/A.jpg`)?.equals(bytes)).toBe(true)
    expect(files.get(`${name}/conversation.md`)?.toString('utf8')).toContain(
      '![Image A](images/A.jpg)\n\nWhere is this?\n\n## Answer\n\nA beach.'
    )

    // The downloaded zip imports back, as a new conversation, with the token only.
    const importing = { method: 'POST', body: archive }
    const refused = await fetch(`${base}/api/import`, {
      ...importing,
      headers: { 'x-mpp-filename': 'trip.zip' }
    })
    expect(refused.status).toBe(401)
    const imported = (await (
      await fetch(`${base}/api/import`, {
        ...importing,
        headers: { ...auth, 'x-mpp-filename': 'trip.zip' }
      })
    ).json()) as { ok: boolean; value: Conversation }
    expect(imported.ok).toBe(true)
    expect(imported.value.id).not.toBe(created.value.id)
    expect(imported.value.turns.map((turn) => turn.response)).toEqual(['A beach.'])

    const traversal = await fetch(`${base}/exports/..%2F..%2Fdata.zip`, { headers: { cookie } })
    expect(traversal.status).toBe(400)
    const missing = await fetch(`${base}/exports/nothing-here.zip`, { headers: { cookie } })
    expect(missing.status).toBe(404)
  })
})
