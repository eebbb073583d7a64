// Who may call the local API: the bearer key compared in constant time, and the Host header
// values a loopback-bound server answers to (its loopback names, so a web page reached through
// DNS rebinding is refused).
import { timingSafeEqual } from 'node:crypto'

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '::1']

export function isLoopbackBind(host: string): boolean {
  return LOOPBACK_NAMES.includes(host)
}

export function sameKey(expected: string, given: string | null): boolean {
  if (given === null) return false
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** Host header values (lower case) naming this loopback server on `port`. */
export function loopbackHostHeaders(port: number): Set<string> {
  return new Set(
    LOOPBACK_NAMES.map((name) => (name.includes(':') ? `[${name}]:${port}` : `${name}:${port}`))
  )
}
