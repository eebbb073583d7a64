// Reads a request's target (path and query) without ever throwing. Only the origin form a browser
// sends ("/path?query") is taken: `//a:b`, `http://…`, `*` and the like are not this server's
// targets, and `new URL` would throw on some of them (a crash before any check ran).
export interface RequestTarget {
  /** The path as sent, still percent-encoded. */
  readonly pathname: string
  readonly query: URLSearchParams
}

export function parseRequestTarget(raw: string | undefined): RequestTarget | null {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//')) return null
  const end = raw.indexOf('#')
  const target = end === -1 ? raw : raw.slice(0, end)
  const mark = target.indexOf('?')
  return {
    pathname: mark === -1 ? target : target.slice(0, mark),
    query: new URLSearchParams(mark === -1 ? '' : target.slice(mark + 1))
  }
}

/** decodeURIComponent that answers null for escapes that are not UTF-8 (`%E0%A4`, `%zz`). */
export function decodePathPart(text: string): string | null {
  try {
    return decodeURIComponent(text)
  } catch {
    return null
  }
}
