// Who may talk to `mpp serve`: a random token made at start, carried by the printed URL, then by
// a cookie (page assets), an x-mpp-token header (API requests) or a query parameter (the event
// WebSocket). The Host header must name this server, which stops DNS-rebinding pages.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export const TOKEN_HEADER = 'x-mpp-token'
export const TOKEN_COOKIE = 'mpp_token'

export function newToken(): string {
  return randomBytes(24).toString('base64url')
}

export function sameToken(expected: string, given: string | null | undefined): boolean {
  if (!given) return false
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

export function cookieToken(request: IncomingMessage): string | null {
  const header = request.headers.cookie ?? ''
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=')
    if (name === TOKEN_COOKIE) return rest.join('=')
  }
  return null
}

export function headerToken(request: IncomingMessage): string | null {
  const value = request.headers[TOKEN_HEADER]
  return typeof value === 'string' ? value : null
}

/** Host header values this server answers to: its own address, and localhost for loopback. */
export function allowedHosts(host: string, port: number): Set<string> {
  const names = new Set([`${host}:${port}`])
  if (host === '127.0.0.1' || host === 'localhost' || host === '::1') {
    names.add(`127.0.0.1:${port}`)
    names.add(`localhost:${port}`)
    names.add(`[::1]:${port}`)
  }
  return names
}
