// Model host process entry (Electron utilityProcess or Node child process): binds the server to
// the parent transport with the engine backend (or the canned one under MPP_HOST_FAKE=1) and
// owns the process lifetime: ordered shutdown on request, exit when orphaned.
import { createEngineBackend } from './handlers'
import { createFakeBackend } from './fake-handlers'
import { parentTransport, watchParent } from './host-transport'
import { serveModelHost } from './server'

// A terminal's Ctrl-C reaches the whole foreground process group; the parent decides what stops.
process.on('SIGINT', () => {})

const backend =
  process.env.MPP_HOST_FAKE === '1'
    ? createFakeBackend(Number(process.env.MPP_HOST_FAKE_TOKEN_MS ?? '20'))
    : createEngineBackend()

let exiting = false
const exitAfterShutdown = (): void => {
  if (exiting) return
  exiting = true
  // A wedged native run must not keep the process alive: exit anyway after a deadline.
  setTimeout(() => process.exit(0), 3000).unref()
  void server.shutdown().finally(() => process.exit(0))
}

const server = serveModelHost(parentTransport(), backend, exitAfterShutdown)
watchParent(exitAfterShutdown)
