// Who may talk to `mpp serve`: a random token made at start, carried by the printed URL, then by
// an x-mpp-token header (API requests) or a query parameter (the event WebSocket); page assets and
// export downloads take a separate key kept in a cookie named per port. The Host header must name
// this server, which stops DNS-rebinding pages.
import { randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export {
  allowedHosts,
  isLoopbackHost,
  isWildcardHost,
  machineAddresses,
  sameToken
} from '../shared/host-access'

export const TOKEN_HEADER = 'x-mpp-token'

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
