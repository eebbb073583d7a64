// Which Host headers a local server answers to, and comparing secrets: shared by web mode
// (serve/) and the local API (api-server/). A server bound to loopback answers only to its loopback
// names, which stops DNS-rebinding pages; one bound to every address answers to each of the
// machine's own addresses.
import { timingSafeEqual } from 'node:crypto'
import { networkInterfaces } from 'node:os'

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1'])
const WILDCARD = new Set(['0.0.0.0', '::'])

/** Compares a secret in constant time; a missing one never matches. */
export function sameToken(expected: string, given: string | null | undefined): boolean {
  if (!given) return false
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
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
