// Who may talk to `mpp serve`: a random token made at start, carried by the printed URL, then by
// an x-mpp-token header (API requests) or a query parameter (the event WebSocket); page assets and
// export downloads take a separate key kept in a cookie named per port. The Host header must name
// this server, which stops DNS-rebinding pages.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { networkInterfaces } from 'node:os'

export const TOKEN_HEADER = 'x-mpp-token'

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1'])
const WILDCARD = new Set(['0.0.0.0', '::'])

export function newToken(): string {
  return randomBytes(24).toString('base64url')
}

/**
 * The token cookie's name. Cookies are not kept apart by port, so a name per port stops a second
 * `mpp serve` on this machine from overwriting this one's cookie with its own token.
 */
export function tokenCookieName(port: number): string {
  return `mpp_token_${port}`
}

export function sameToken(expected: string, given: string | null | undefined): boolean {
  if (!given) return false
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

export function cookieToken(request: IncomingMessage, cookieName: string): string | null {
  const header = request.headers.cookie ?? ''
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=')
    if (name === cookieName) return rest.join('=')
  }
  return null
}

export function headerToken(request: IncomingMessage): string | null {
  const value = request.headers[TOKEN_HEADER]
  return typeof value === 'string' ? value : null
}

/** True when `host` is an address only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host)
}

/** True when `host` means every address of the machine (0.0.0.0, ::). */
export function isWildcardHost(host: string): boolean {
  return WILDCARD.has(host)
}

/** The machine's own interface addresses (IPv4 and IPv6, loopback included). */
export function machineAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((entries) =>
    (entries ?? []).map((entry) => entry.address)
  )
}

function hostHeaderOf(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`
}

/**
 * Host header values this server answers to: its own address; the loopback names when it listens
 * on loopback; and, when it listens on every address (0.0.0.0, ::), each of the machine's own
 * addresses, which is what a browser on this or another machine puts in the Host header.
 */
export function allowedHosts(
  host: string,
  port: number,
  addresses: () => readonly string[] = machineAddresses
): Set<string> {
  const names = new Set([hostHeaderOf(host, port)])
  const loopbackToo = isLoopbackHost(host) || isWildcardHost(host)
  if (loopbackToo) for (const name of LOOPBACK) names.add(hostHeaderOf(name, port))
  if (isWildcardHost(host))
    for (const address of addresses()) names.add(hostHeaderOf(address, port))
  return new Set([...names].map((name) => name.toLowerCase()))
}
