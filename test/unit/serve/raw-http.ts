// Raw HTTP over a plain TCP socket, for attack tests: the bytes go out exactly as written (no
// client library fixes up a bad request line or header), and the answer is read as text.
import { connect } from 'node:net'

export interface RawAnswer {
  /** The status code of the first response line, or null when nothing came back. */
  readonly status: number | null
  readonly text: string
}

/**
 * Sends `bytes` to 127.0.0.1:port and collects what comes back until the end of the response's
 * headers, the server closing the connection, or `waitMs` passing. With `reset`, the socket is reset right after writing, the way a
 * page that gives up mid-request leaves it.
 */
export function sendRaw(
  port: number,
  bytes: string | Buffer,
  options: { waitMs?: number; reset?: boolean } = {}
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    const socket = connect(port, '127.0.0.1')
    const finish = (): void => {
      clearTimeout(timer)
      socket.destroy()
      const text = Buffer.concat(chunks).toString('latin1')
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text)
      resolve({ status: match ? Number(match[1]) : null, text })
    }
    const timer = setTimeout(finish, options.waitMs ?? 2000)
    socket.on('connect', () => {
      socket.write(bytes)
      if (options.reset) {
        socket.resetAndDestroy()
        finish()
      }
    })
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk)
      // The status line and headers are all an attack test reads; the connection may stay open.
      if (Buffer.concat(chunks).includes('\r\n\r\n')) finish()
    })
    socket.on('close', finish)
    socket.on('error', finish)
  })
}

/** An HTTP/1.1 request with the given request line and header lines, CRLF-terminated. */
export function rawRequest(line: string, headers: readonly string[], body = ''): string {
  return [line, ...headers, '', body].join('\r\n')
}
