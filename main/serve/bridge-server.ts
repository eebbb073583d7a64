// The `mpp serve` web bridge: the built renderer, POST /api/<route> into the same router the
// Electron app uses, POST /api/upload for files and POST /api/import for a conversation export
// (raw bodies, x-mpp-filename header), a WebSocket at /api/events carrying the event bus, and
// GET /exports/<name>.zip for downloading an export. Every request needs the start token.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import type { Envelope } from '../../preload/contract/errors'
import { settle } from '../api/router'
import type { AppServices } from '../services/app-services'
import { TOKEN_COOKIE, allowedHosts, cookieToken, headerToken, newToken, sameToken } from './access'
import { exportNameOf, sendExportZip } from './export-download'
import { receiveImport } from './import-upload'
import { serveStatic } from './static-files'

export interface BridgeOptions {
  readonly app: Pick<
    AppServices,
    'router' | 'events' | 'attachments' | 'conversations' | 'exportsDir' | 'dataDir'
  >
  readonly rendererDir: string
  readonly host: string
  readonly port: number
  readonly token?: string
}

export interface BridgeServer {
  readonly url: string
  readonly token: string
  close(): Promise<void>
}

const MAX_JSON_BYTES = 1024 * 1024

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
  response.end(JSON.stringify(body))
}

function refuse(response: ServerResponse, status: number, message: string): void {
  const code = status === 401 ? 'FORBIDDEN' : status === 404 ? 'NOT_FOUND' : 'BAD_INPUT'
  sendJson(response, status, { ok: false, error: { code, message } } satisfies Envelope<never>)
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > MAX_JSON_BYTES) throw new Error('request body too large')
    chunks.push(chunk as Buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  return text === '' ? {} : JSON.parse(text)
}

export async function startBridge(options: BridgeOptions): Promise<BridgeServer> {
  const token = options.token ?? newToken()
  const { app } = options
  let hosts = new Set<string>()

  const handleApi = async (
    request: IncomingMessage,
    response: ServerResponse,
    path: string
  ): Promise<void> => {
    if (!sameToken(token, headerToken(request)))
      return refuse(response, 401, 'Missing or wrong token')
    if (request.method !== 'POST') return refuse(response, 405, 'Use POST')
    if (path === '/api/upload' || path === '/api/import') {
      const raw = request.headers['x-mpp-filename']
      let name: string
      try {
        name = typeof raw === 'string' ? decodeURIComponent(raw) : ''
      } catch {
        name = ''
      }
      if (!name || name.includes('/') || name.includes('\\')) {
        return refuse(response, 400, 'The upload needs an x-mpp-filename header')
      }
      if (path === '/api/import') {
        return sendJson(response, 200, await receiveImport(request, name, app))
      }
      return sendJson(response, 200, await settle(app.attachments.addStream(name, request)))
    }
    let input: unknown
    try {
      input = await readJson(request)
    } catch {
      return refuse(response, 400, 'The request body is not JSON')
    }
    sendJson(response, 200, await app.router.dispatch(path.slice('/api/'.length), input))
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://placeholder')
    if (!hosts.has(request.headers.host ?? ''))
      return refuse(response, 400, 'Unexpected Host header')
    if (url.pathname.startsWith('/api/')) {
      handleApi(request, response, url.pathname).catch(() => {
        if (!response.headersSent) refuse(response, 500, 'The request failed')
      })
      return
    }
    const viaQuery = sameToken(token, url.searchParams.get('token'))
    if (!viaQuery && !sameToken(token, cookieToken(request))) {
      response.writeHead(401, { 'content-type': 'text/plain' })
      response.end('This MPP Desktop server needs the link it printed at start (with ?token=…).')
      return
    }
    if (viaQuery) {
      response.setHeader(
        'set-cookie',
        `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`
      )
    }
    if (url.pathname.startsWith('/exports/')) {
      const name = exportNameOf(url.pathname)
      if (name === null) return refuse(response, 400, 'Not an export download')
      sendExportZip(app.exportsDir, name, response).catch((error: { message?: string }) => {
        if (!response.headersSent) refuse(response, 404, error.message ?? 'No such export')
        else response.destroy()
      })
      return
    }
    void serveStatic(options.rendererDir, url.pathname, response)
  })

  const sockets = new WebSocketServer({ noServer: true })
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://placeholder')
    const ok =
      url.pathname === '/api/events' &&
      hosts.has(request.headers.host ?? '') &&
      sameToken(token, url.searchParams.get('token'))
    if (!ok) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n')
      return
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      const unsubscribe = app.events.subscribe((message) => ws.send(JSON.stringify(message)))
      ws.on('close', unsubscribe)
      ws.on('error', unsubscribe)
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  hosts = allowedHosts(options.host, port)
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate()
        sockets.close()
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
