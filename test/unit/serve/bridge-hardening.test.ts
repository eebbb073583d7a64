// The bridge's answers to what a hostile page or a careless client sends, over real HTTP: the
// token cookie is named per port (a second server does not overwrite it), a JSON body over 1 MB is
// "too large" (413), a server listening on every address answers to the machine's own addresses,
// web mode refuses routes that take server paths unless --allow-paths, and pages carry the CSP.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../../main/api/content-security-policy'
import { allowedHosts } from '../../../main/serve/access'
import { startBridge, type BridgeServer } from '../../../main/serve/bridge-server'
import { createAppServices } from '../../../main/services/app-services'
import { FIXTURE_IMAGES, noVideo } from '../../helpers/service-fixture'

const running: BridgeServer[] = []

afterEach(async () => {
  await Promise.all(running.splice(0).map((bridge) => bridge.close()))
})

async function bridgeOn(options: { host?: string; allowPaths?: boolean } = {}) {
  const root = await mkdtemp(join(tmpdir(), 'mpp-bridge-hard-'))
  const rendererDir = join(root, 'renderer')
  await mkdir(rendererDir)
  await writeFile(join(rendererDir, 'index.html'), '<p>ui</p>')
  const app = createAppServices({
    dataDir: join(root, 'data'),
    video: noVideo,
    startHost: () => Promise.reject(new Error('no host in this test')),
    ensureDemoModel: () => Promise.reject(new Error('no demo in this test')),
    demoNotice: ''
  })
  const bridge = await startBridge({
    app,
    rendererDir,
    host: options.host ?? '127.0.0.1',
    port: 0,
    allowPaths: options.allowPaths
  })
  running.push(bridge)
  const port = Number(new URL(bridge.url).port)
  const call = async (route: string, body: unknown) =>
    (await (
      await fetch(`http://127.0.0.1:${port}/api/${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-mpp-token': bridge.token },
        body: JSON.stringify(body)
      })
    ).json()) as { ok: boolean; error?: { code: string; message: string } }
  return { bridge, port, root, call }
}

/** GET with a chosen Host header (fetch does not let a caller set one). */
function statusWithHost(port: number, path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, headers: { host } }, (response) => {
      response.resume()
      resolve(response.statusCode ?? 0)
    })
      .on('error', reject)
      .end()
  })
}

describe('the token cookie', () => {
  it('is named after the port, so two servers keep separate cookies', async () => {
    const first = await bridgeOn()
    const second = await bridgeOn()
    const cookieOf = async (url: string) =>
      ((await fetch(url)).headers.get('set-cookie') ?? '').split(';')[0]
    const [name1] = (await cookieOf(first.bridge.url)).split('=')
    const [name2] = (await cookieOf(second.bridge.url)).split('=')
    expect(name1).toBe(`mpp_token_${first.port}`)
    expect(name2).toBe(`mpp_token_${second.port}`)
    // The browser holds both; each server reads its own.
    const both = `${await cookieOf(second.bridge.url)}; ${await cookieOf(first.bridge.url)}`
    const page = await fetch(`http://127.0.0.1:${first.port}/index.html`, {
      headers: { cookie: both }
    })
    expect(page.status).toBe(200)
  })

  it('carries a key for pages only, never the API token', async () => {
    const { bridge, port } = await bridgeOn()
    const cookie = ((await fetch(bridge.url)).headers.get('set-cookie') ?? '').split(';')[0]
    const value = cookie.split('=').slice(1).join('=')
    expect(value).not.toBe(bridge.token)
    const api = await fetch(`http://127.0.0.1:${port}/api/conversation.list`, {
      method: 'POST',
      headers: { 'x-mpp-token': value, cookie },
      body: '{}'
    })
    expect(api.status).toBe(401)
  })
})

describe('request bodies', () => {
  it('answers 413 "larger than" for a JSON body over 1 MB, not "not JSON"', async () => {
    const { bridge, port } = await bridgeOn()
    const big = JSON.stringify({ title: 'x'.repeat(1024 * 1024) })
    const response = await fetch(`http://127.0.0.1:${port}/api/conversation.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-mpp-token': bridge.token },
      body: big
    })
    expect(response.status).toBe(413)
    const body = (await response.json()) as { error: { message: string } }
    expect(body.error.message).toMatch(/larger than 1048576 bytes/)
  })
})

describe('Host checks', () => {
  it('a server on 0.0.0.0 answers to loopback and the machine addresses, not to other names', async () => {
    const { bridge, port } = await bridgeOn({ host: '0.0.0.0' })
    const path = `/?token=${bridge.token}`
    expect(await statusWithHost(port, path, `127.0.0.1:${port}`)).toBe(200)
    expect(await statusWithHost(port, path, `localhost:${port}`)).toBe(200)
    expect(await statusWithHost(port, path, `evil.example:${port}`)).toBe(400)
  })

  it('lists every machine address for a wildcard listener and none for a loopback one', () => {
    const addresses = () => ['127.0.0.1', '192.168.1.5', 'fe80::1']
    const wildcard = allowedHosts('0.0.0.0', 8080, addresses)
    expect(wildcard).toEqual(
      new Set([
        '0.0.0.0:8080',
        '127.0.0.1:8080',
        'localhost:8080',
        '[::1]:8080',
        '192.168.1.5:8080',
        '[fe80::1]:8080'
      ])
    )
    expect(allowedHosts('127.0.0.1', 8080, addresses).has('192.168.1.5:8080')).toBe(false)
    expect(allowedHosts('192.168.1.5', 8080, addresses)).toEqual(new Set(['192.168.1.5:8080']))
  })
})

describe('server paths in web mode', () => {
  it('refuses the routes that take paths, the same way whether the path exists or not', async () => {
    const { call, root } = await bridgeOn()
    const image = join(FIXTURE_IMAGES, '004090033.jpg')
    for (const [route, body] of [
      ['attachments.addPath', { path: image }],
      ['conversation.importPath', { path: join(root, 'x', 'conversation.json') }],
      [
        'model.convert',
        { vit: image, blip2: image, llm: image, sft: image, dtype: 'fp32', name: 'm' }
      ]
    ] as const) {
      const answer = await call(route, body)
      expect(answer, route).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
      expect(answer.error?.message).toContain('--allow-paths')
    }
    const there = await call('model.load', { packagePath: root })
    const notThere = await call('model.load', { packagePath: join(root, 'nothing') })
    expect(there).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(notThere).toEqual(there)
    expect(await call('model.plan', { packagePath: root })).toEqual(there)
  })

  it('takes them with --allow-paths', async () => {
    const { call } = await bridgeOn({ allowPaths: true })
    const answer = await call('attachments.addPath', {
      path: join(FIXTURE_IMAGES, '004090033.jpg')
    })
    expect(answer).toMatchObject({ ok: true, value: { name: '004090033.jpg', width: 622 } })
  })
})

describe('pages', () => {
  it('carry the app Content-Security-Policy header', async () => {
    const { bridge } = await bridgeOn()
    const page = await fetch(bridge.url)
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
  })
})
