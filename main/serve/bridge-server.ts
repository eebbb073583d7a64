// The `mpp serve` web bridge: the built renderer, POST /api/<route> into the same router the
// Electron app uses, POST /api/capabilities (whether paths are allowed), POST /api/upload for
// files and POST /api/import for a conversation export (raw bodies, x-mpp-filename header), a
// WebSocket at /api/events carrying the event bus, and GET /exports/<name>.zip for downloading an
// export. Every request needs the start token.
// Any page the user has open can send this server bytes, so no step of reading a request may
// throw: each bad part is answered with a 4xx, and a request that fails anyway fails alone.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import type { Envelope } from '../../preload/contract/errors'
import type { WebCapabilities } from '../../preload/contract/types'
import { settle } from '../api/router'
import type { AppServices } from '../app'
import { cleanFileName } from '../services/file-names'
import {
  allowedHosts,
  cookieToken,
  headerToken,
  isWildcardHost,
  newToken,
  sameToken,
  tokenCookieName
} from './access'
import { exportNameOf, sendExportZip } from './export-download'
import { receiveImport } from './import-upload'
import { decodePathPart, parseRequestTarget } from './request-target'
import { serveStatic } from './static-files'
import { refusedWebRoute } from './web-routes'

export interface BridgeOptions {
  readonly app: Pick<
    AppServices,
    'router' | 'events' | 'attachments' | 'conversations' | 'exportsDir' | 'models' | 'dataDir'
  >
  readonly rendererDir: string
  readonly host: string
  readonly port: number
  readonly token?: string
  /** Lets the API take paths on the server's disk (`mpp serve --allow-paths`). */
  readonly allowPaths?: boolean
  /** Where a request that failed unexpectedly is reported (default: nowhere). */
  readonly log?: (line: string) => void
}

export interface BridgeServer {
  readonly url: string
  readonly token: string
  /** The name of the token cookie (one per port). */
  readonly cookieName: string
  close(): Promise<void>
}

export const MAX_JSON_BYTES = 1024 * 1024

class BodyTooLarge extends Error {}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
  response.end(JSON.stringify(body))
}

function refuse(response: ServerResponse, status: number, message: string): void {
  if (response.headersSent) {
    response.destroy()
    return
  }
  const code =
    status === 401
      ? 'FORBIDDEN'
      : status === 404
        ? 'NOT_FOUND'
        : status >= 500
          ? 'INTERNAL'
          : 'BAD_INPUT'
  sendJson(response, status, { ok: false, error: { code, message } } satisfies Envelope<never>)
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > MAX_JSON_BYTES) throw new BodyTooLarge()
    chunks.push(chunk as Buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  return text === '' ? {} : JSON.parse(text)
}

/** The upload's file name from its x-mpp-filename header, cleaned; null when there is none. */
function uploadName(request: IncomingMessage): string | null {
  const raw = request.headers['x-mpp-filename']
  const decoded = typeof raw === 'string' ? decodePathPart(raw) : null
  const name = decoded === null ? null : cleanFileName(decoded)
  if (!name || name.includes('/') || name.includes('\\') || name === '.' || name === '..') {
    return null
  }
  return name
}

export async function startBridge(options: BridgeOptions): Promise<BridgeServer> {
  const token = options.token ?? newToken()
  const { app } = options
  const log = options.log ?? ((): void => undefined)
  let hosts = new Set<string>()
  let cookieName = tokenCookieName(options.port)
  // The cookie carries a key of its own, good for pages and export downloads only: browsers send
  // 127.0.0.1's cookies to every port, so another local server may see it, and the API token
  // (x-mpp-token, event socket) must not travel with it.
  const pageKey = newToken()
  const hostAllowed = (request: IncomingMessage): boolean =>
    hosts.has((request.headers.host ?? '').toLowerCase())

  const failed = (response: ServerResponse, error: unknown): void => {
    log(`a request failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`)
    refuse(response, 500, 'The request failed')
  }

  const handleApi = async (
    request: IncomingMessage,
    response: ServerResponse,
    path: string
  ): Promise<void> => {
    if (!sameToken(token, headerToken(request)))
      return refuse(response, 401, 'Missing or wrong token')
    if (request.method !== 'POST') return refuse(response, 405, 'Use POST')
    if (path === '/api/capabilities') {
      request.resume()
      const value: WebCapabilities = { allowPaths: options.allowPaths === true }
      return sendJson(response, 200, { ok: true, value } satisfies Envelope<WebCapabilities>)
    }
    if (path === '/api/upload' || path === '/api/import') {
      const name = uploadName(request)
      if (name === null) {
        request.resume()
        return refuse(response, 400, 'The upload needs an x-mpp-filename header with a file name')
      }
      if (path === '/api/import') {
        return sendJson(response, 200, await receiveImport(request, name, app))
      }
      return sendJson(response, 200, await settle(app.attachments.addStream(name, request)))
    }
    let input: unknown
    try {
      input = await readJson(request)
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        request.resume()
        return refuse(response, 413, `The request body is larger than ${MAX_JSON_BYTES} bytes`)
      }
      return refuse(response, 400, 'The request body is not JSON')
    }
    const route = path.slice('/api/'.length)
    const refused = options.allowPaths ? null : await refusedWebRoute(app.models, route, input)
    if (refused) return sendJson(response, 200, { ok: false, error: refused })
    sendJson(response, 200, await app.router.dispatch(route, input))
  }

  const handlePage = (
    request: IncomingMessage,
    response: ServerResponse,
    pathname: string,
    query: URLSearchParams
  ): void => {
    const viaQuery = sameToken(token, query.get('token'))
    if (!viaQuery && !sameToken(pageKey, cookieToken(request, cookieName))) {
      response.writeHead(401, { 'content-type': 'text/plain' })
      response.end('This MPP Desktop server needs the link it printed at start (with ?token=…).')
      return
    }
    if (viaQuery) {
      response.setHeader(
        'set-cookie',
        `${cookieName}=${pageKey}; HttpOnly; SameSite=Strict; Path=/`
      )
    }
    if (pathname.startsWith('/exports/')) {
      const name = exportNameOf(pathname)
      if (name === null) return refuse(response, 400, 'Not an export download')
      sendExportZip(app.exportsDir, name, response).catch((error: { message?: string }) => {
        if (!response.headersSent) refuse(response, 404, error.message ?? 'No such export')
        else response.destroy()
      })
      return
    }
    serveStatic(options.rendererDir, pathname, response).catch((error: unknown) =>
      failed(response, error)
    )
  }

  const server = createServer((request, response) => {
    try {
      if (!hostAllowed(request)) return refuse(response, 400, 'Unexpected Host header')
      const target = parseRequestTarget(request.url)
      if (target === null || decodePathPart(target.pathname) === null) {
        return refuse(response, 400, 'Not a request path this server takes')
      }
      if (target.pathname.startsWith('/api/')) {
        handleApi(request, response, target.pathname).catch((error: unknown) =>
          failed(response, error)
        )
        return
      }
      handlePage(request, response, target.pathname, target.query)
    } catch (error) {
      failed(response, error)
    }
  })

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_JSON_BYTES })
  const refuseUpgrade = (socket: Duplex, status: string): void => {
    socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`)
  }
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node hands over the raw socket without an error listener: a peer that resets it must not
    // become an uncaught 'error'.
    socket.on('error', () => socket.destroy())
    try {
      const target = parseRequestTarget(request.url)
      if (target === null || !hostAllowed(request)) return refuseUpgrade(socket, '400 Bad Request')
      const ok = target.pathname === '/api/events' && sameToken(token, target.query.get('token'))
      if (!ok) return refuseUpgrade(socket, '401 Unauthorized')
      sockets.handleUpgrade(request, socket, head, (ws) => {
        const unsubscribe = app.events.subscribe((message) => ws.send(JSON.stringify(message)))
        ws.on('close', unsubscribe)
        ws.on('error', unsubscribe)
      })
    } catch (error) {
      log(`an event connection failed: ${error instanceof Error ? error.message : String(error)}`)
      socket.destroy()
    }
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  hosts = allowedHosts(options.host, port)
  cookieName = tokenCookieName(port)
  // Every address reaches a wildcard listener; loopback is the one that works from this machine.
  const urlHost = isWildcardHost(options.host) ? '127.0.0.1' : options.host
  const shownHost = urlHost.includes(':') ? `[${urlHost}]` : urlHost
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    token,
    cookieName,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate()
        sockets.close()
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
