// Hostile requests against a real `mpp serve` (the built CLI), sent as raw bytes: request
// targets that `new URL` cannot parse, percent-escapes that do not decode, WebSocket upgrades to
// odd paths, broken headers and connections reset mid-request. Each must be answered (4xx) or
// dropped without taking the server down; the server must keep answering its own page.
// Needs `electron-vite build`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServe, type ServeHandle } from '../../e2e/support/serve-process'
import { rawRequest, sendRaw } from './raw-http'

let serve: ServeHandle
let port: number
let token: string
let cookie: string

beforeAll(async () => {
  serve = await startServe()
  const url = new URL(serve.url)
  port = Number(url.port)
  token = url.searchParams.get('token') ?? ''
  const page = await fetch(serve.url)
  cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]
})

afterAll(async () => {
  await serve?.stop()
})

const host = (): string => `Host: 127.0.0.1:${port}`

/** The server process is alive and still serves its page to the token holder. */
async function stillServing(): Promise<boolean> {
  if (serve.child.exitCode !== null || serve.child.signalCode !== null) return false
  const page = await fetch(serve.url).catch(() => null)
  return page?.status === 200
}

const upgrade = (target: string, extra: readonly string[] = []): string =>
  rawRequest(`GET ${target} HTTP/1.1`, [
    host(),
    'Connection: Upgrade',
    'Upgrade: websocket',
    'Sec-WebSocket-Version: 13',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    ...extra
  ])

describe('mpp serve against malformed requests', () => {
  it('answers 400 to GET //a:b (no token needed to send it) and keeps serving', async () => {
    const answer = await sendRaw(port, rawRequest('GET //a:b HTTP/1.1', [host()]))
    expect(answer.status).toBe(400)
    expect(await stillServing()).toBe(true)
  })

  it('answers 400 to a WebSocket upgrade to //a:b and keeps serving', async () => {
    const answer = await sendRaw(port, upgrade('//a:b'))
    expect(answer.status).toBe(400)
    expect(await stillServing()).toBe(true)
  })

  it('answers 400 to /%E0%A4 (a cut UTF-8 escape) with the cookie and keeps serving', async () => {
    const answer = await sendRaw(
      port,
      rawRequest('GET /%E0%A4 HTTP/1.1', [host(), `Cookie: ${cookie}`])
    )
    expect(answer.status).toBe(400)
    expect(await stillServing()).toBe(true)
  })

  it('survives a bounded attack loop of malformed request lines, headers, paths and upgrades', async () => {
    const targets = [
      '//a:b',
      '//a:b/api/conversation.list',
      '//[',
      '//%zz',
      '//user:pass@evil.example/',
      'http://evil.example/',
      `http://127.0.0.1:${port}/`,
      '*',
      'a:b',
      '/%E0%A4',
      '/%E0%A4%A',
      '/%',
      '/%%',
      '/%00',
      '/%C0%AF',
      '/..%2f..%2fetc%2fpasswd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/exports/%E0%A4.zip',
      '/exports/%.zip',
      '/exports/..%2F..%2Fx.zip',
      '/?token=%E0%A4',
      `/?token=${token}&token=x`,
      '/api/%E0%A4',
      '/api/',
      '/api/events',
      '/api/__proto__',
      '/api/constructor',
      `/${'a/'.repeat(2000)}`
    ]
    const headerSets: readonly (readonly string[])[] = [
      [host()],
      [host(), `Cookie: ${cookie}`],
      [host(), `x-mpp-token: ${token}`],
      [host(), `Cookie: ${cookie.split('=')[0]}=%E0%A4`],
      [host(), 'Cookie: =;;;=;=='],
      ['Host: evil.example'],
      [],
      [host(), host()]
    ]
    const requests: { bytes: string; reset?: boolean }[] = []
    for (const target of targets) {
      for (const headers of headerSets) {
        requests.push({ bytes: rawRequest(`GET ${target} HTTP/1.1`, headers) })
        requests.push({
          bytes: rawRequest(`POST ${target} HTTP/1.1`, [...headers, 'Content-Length: 1'], '{')
        })
      }
      requests.push({ bytes: upgrade(target) })
      requests.push({ bytes: upgrade(`${target}?token=${token}`) })
      requests.push({ bytes: upgrade(target), reset: true })
      requests.push({
        bytes: rawRequest(`GET ${target} HTTP/1.1`, [host(), `Cookie: ${cookie}`]),
        reset: true
      })
    }
    const auth = [host(), `x-mpp-token: ${token}`]
    const api = 'POST /api/conversation.list HTTP/1.1'
    const odd: string[] = [
      rawRequest(api, [...auth, 'Content-Length: 5'], '{"a":'),
      rawRequest(api, [...auth, 'Content-Length: -1']),
      rawRequest(api, [...auth, 'Content-Length: abc']),
      rawRequest(api, [...auth, 'Transfer-Encoding: chunked', 'Content-Length: 3'], 'zz\r\n'),
      rawRequest(api, [...auth, 'Transfer-Encoding: chunked'], 'zz\r\nabc\r\n0\r\n\r\n'),
      rawRequest(
        'POST /api/upload HTTP/1.1',
        [...auth, 'x-mpp-filename: %E0%A4', 'Content-Length: 1'],
        'x'
      ),
      rawRequest(
        'POST /api/upload HTTP/1.1',
        [...auth, 'x-mpp-filename: a%00.png', 'Content-Length: 1'],
        'x'
      ),
      rawRequest(
        'POST /api/upload HTTP/1.1',
        [...auth, 'x-mpp-filename: %0A%E2%80%AE.png', 'Content-Length: 1'],
        'x'
      ),
      rawRequest(
        'POST /api/import HTTP/1.1',
        [...auth, 'x-mpp-filename: %E0%A4', 'Content-Length: 1'],
        'x'
      ),
      rawRequest(
        'POST /api/import HTTP/1.1',
        [...auth, 'x-mpp-filename: ..', 'Content-Length: 1'],
        'x'
      ),
      rawRequest('GET / HTTP/9.9', [host()]),
      rawRequest('FOO / HTTP/1.1', [host()]),
      rawRequest('GET  HTTP/1.1', [host()]),
      rawRequest('GET / HTTP/1.1', [host(), `X-Long: ${'a'.repeat(20_000)}`]),
      rawRequest('GET / HTTP/1.1', [host(), 'Bad Header: x']),
      rawRequest('GET / HTTP/1.1', [host(), 'X-Nul: a\u0000b']),
      'G\u0000ET / HTTP/1.1\r\n\r\n',
      '\r\n\r\n\r\n',
      '\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003',
      upgrade(`/api/events?token=${token}`, ['Sec-WebSocket-Version: 99']),
      rawRequest(`GET /api/events?token=${token} HTTP/1.1`, [
        host(),
        'Connection: Upgrade',
        'Upgrade: websocket',
        'Sec-WebSocket-Version: 13',
        'Sec-WebSocket-Key: short'
      ]),
      rawRequest(`GET /api/events?token=${token} HTTP/1.1`, [
        'Host: evil.example',
        'Connection: Upgrade',
        'Upgrade: websocket',
        'Sec-WebSocket-Version: 13',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=='
      ]),
      rawRequest('GET //a:b HTTP/1.1', [host(), 'Connection: Upgrade', 'Upgrade: h2c'])
    ]
    for (const bytes of odd) {
      requests.push({ bytes })
      requests.push({ bytes, reset: true })
    }
    let crashes = 0
    const serverErrors: string[] = []
    for (const [index, request] of requests.entries()) {
      const answer = await sendRaw(port, request.bytes, { reset: request.reset, waitMs: 1500 })
      if (answer.status !== null && answer.status >= 500 && answer.status !== 505) {
        serverErrors.push(`${answer.status} for ${JSON.stringify(request.bytes.slice(0, 80))}`)
      }
      if (index % 25 === 24 || index === requests.length - 1) {
        if (!(await stillServing())) {
          crashes++
          break
        }
      }
    }
    console.log(`parse attacks: ${requests.length} malformed requests sent, ${crashes} crashes`)
    expect({ crashes, serverErrors }).toEqual({ crashes: 0, serverErrors: [] })
    expect(requests.length).toBeGreaterThan(500)
  })
})
