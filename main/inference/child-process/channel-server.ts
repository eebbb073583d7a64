// The parent side of child channels: one local socket per process (a Unix socket in a private
// 0700 folder, or a Windows named pipe with a random name) that the children it starts connect
// back to. A child proves which launch it is with an id and a one-time secret passed in its
// environment; anything else is dropped. The channel does not care who started the child (this
// process with child_process, or Electron's main with utilityProcess), which is why it exists:
// a utilityProcess has no IPC channel to the model host that asked for it.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FrameReader } from './frame-codec'
import { FrameSocket } from './frame-socket'
import { CHANNEL_ENV, helloSchema } from './channel-protocol'

/** How long a connection may take to say who it is. */
const HELLO_TIMEOUT_MS = 10_000

export interface ExpectedChild {
  /** The variables the child needs to connect back (add them to its environment). */
  readonly env: Record<string, string>
  /** The child's channel once it connected and proved itself; its pid as the child reported it. */
  readonly connected: Promise<{ socket: FrameSocket; pid: number }>
  /** Stops waiting (the child died first); `connected` rejects with `reason`. */
  cancel(reason: Error): void
}

interface Waiting {
  secret: Buffer
  resolve(value: { socket: FrameSocket; pid: number }): void
  reject(error: Error): void
}

export class ChannelServer {
  private static current: Promise<ChannelServer> | undefined
  private readonly waiting = new Map<string, Waiting>()
  private nextId = 1

  private constructor(
    private readonly server: Server,
    readonly address: string
  ) {
    server.on('connection', (socket) => this.handshake(socket))
  }

  /** This process's server, started on first use. */
  static shared(): Promise<ChannelServer> {
    ChannelServer.current ??= ChannelServer.listen().catch((error: unknown) => {
      ChannelServer.current = undefined
      throw error
    })
    return ChannelServer.current
  }

  private static listen(): Promise<ChannelServer> {
    const { address, cleanup } = privateAddress()
    const server = createServer()
    return new Promise((resolve, reject) => {
      server.once('error', (error) => {
        cleanup()
        reject(error)
      })
      server.listen(address, () => {
        // Listening must not keep a finished CLI alive; live children hold their own sockets.
        server.unref()
        process.once('exit', cleanup)
        resolve(new ChannelServer(server, address))
      })
    })
  }

  expect(): ExpectedChild {
    const id = `${process.pid}-${this.nextId++}`
    const secret = randomBytes(32)
    let settle: Waiting | undefined
    const connected = new Promise<{ socket: FrameSocket; pid: number }>((resolve, reject) => {
      settle = { secret, resolve, reject }
    })
    // A caller that cancels before awaiting must not leave an unhandled rejection behind.
    connected.catch(() => {})
    this.waiting.set(id, settle as Waiting)
    return {
      env: {
        [CHANNEL_ENV.address]: this.address,
        [CHANNEL_ENV.id]: id,
        [CHANNEL_ENV.secret]: secret.toString('hex')
      },
      connected,
      cancel: (reason) => {
        const waiting = this.waiting.get(id)
        this.waiting.delete(id)
        waiting?.reject(reason)
      }
    }
  }

  private handshake(socket: Socket): void {
    const reader = new FrameReader()
    const drop = (): void => {
      socket.destroy()
    }
    const timer = setTimeout(drop, HELLO_TIMEOUT_MS)
    timer.unref()
    socket.on('error', drop)
    const onData = (chunk: Buffer): void => {
      let messages: unknown[]
      try {
        messages = reader.push(chunk)
      } catch {
        drop()
        return
      }
      if (messages.length === 0) return
      clearTimeout(timer)
      socket.off('data', onData)
      socket.off('error', drop)
      const hello = helloSchema.safeParse(messages[0])
      const waiting = hello.success ? this.waiting.get(hello.data.id) : undefined
      const offered = hello.success ? Buffer.from(hello.data.secret, 'hex') : Buffer.alloc(0)
      if (
        !hello.success ||
        !waiting ||
        offered.length !== waiting.secret.length ||
        !timingSafeEqual(offered, waiting.secret)
      ) {
        drop()
        return
      }
      // One-time: a second connection with the same id finds nothing to claim.
      this.waiting.delete(hello.data.id)
      waiting.resolve({
        socket: new FrameSocket(socket, reader, messages.slice(1)),
        pid: hello.data.pid
      })
    }
    socket.on('data', onData)
  }
}

/** Where this process's server listens, and how to remove it. */
export function privateAddress(): { address: string; cleanup: () => void } {
  if (process.platform === 'win32') {
    return { address: `\\\\.\\pipe\\mpp-${randomBytes(16).toString('hex')}`, cleanup: () => {} }
  }
  // A Unix socket path must fit sun_path (104 bytes on macOS, 108 on Linux): libuv would cut a
  // longer one and bind outside the private folder. A deep TMPDIR falls back to /tmp.
  const base = Buffer.byteLength(join(tmpdir(), 'mpp-ch-XXXXXX', 's')) < 100 ? tmpdir() : '/tmp'
  // mkdtemp makes the folder 0700: only this user can reach the socket inside.
  const dir = mkdtempSync(join(base, 'mpp-ch-'))
  return {
    address: join(dir, 's'),
    cleanup: () => rmSync(dir, { recursive: true, force: true })
  }
}
