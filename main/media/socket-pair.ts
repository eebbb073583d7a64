// A connected pair of local stream sockets whose reading end writes straight into the memory a
// ByteSink names (net's `onread`), for a child's stdout. A child's ordinary stdout pipe arrives in
// Node-allocated 64 KiB chunks that must be copied again; this way the kernel copies each byte once,
// into its frame. The listening socket lives in a private (0700) temporary folder only until the
// pair is connected, then it and the folder are removed.
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, connect } from 'node:net'
import type { Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ByteSink } from './ppm-stream'

export interface SocketPair {
  /** Our end: its reads go to the sink. */
  reader: Socket
  /** The other end, to hand to a child as its stdout and then destroy here. */
  writer: Socket
}

/** sun_path holds 104 bytes on macOS and 108 on Linux, with the terminating NUL. */
const SOCKET_PATH_LIMIT = 103

/** Whether this platform has local stream sockets that a child can take as stdout. */
export const socketPairSupported = process.platform !== 'win32'

export async function openSocketPair(
  sink: ByteSink,
  onSinkError: (error: unknown) => void
): Promise<SocketPair> {
  const dir = await mkdtemp(join(tmpdir(), 'mpp-frames-'))
  const server = createServer()
  try {
    const path = join(dir, 's')
    // libuv cuts a longer path short without a word and would bind (and leave) a socket at the
    // cut name, outside this folder.
    if (Buffer.byteLength(path) > SOCKET_PATH_LIMIT) {
      throw new Error(`the socket path ${path} is longer than ${SOCKET_PATH_LIMIT} bytes`)
    }
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(path, resolve)
    })
    const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve))
    let failed = false
    // A throw here would escape into the event loop: the sink's errors go to onSinkError, and
    // after one the reads land in a scratch buffer until the caller destroys the socket.
    const scratch = new Uint8Array(64 * 1024)
    const reader = connect({
      path,
      onread: {
        buffer: () => (failed ? scratch : sink.target()),
        callback: (count) => {
          if (failed) return true
          try {
            sink.filled(count)
          } catch (error) {
            failed = true
            onSinkError(error)
          }
          return true
        }
      }
    })
    const connected = new Promise<void>((resolve, reject) => {
      reader.once('connect', resolve)
      reader.once('error', reject)
    })
    const [writer] = await Promise.all([accepted, connected])
    return { reader, writer }
  } finally {
    server.close()
    await rm(dir, { recursive: true, force: true })
  }
}
