// Starts a child through this process's launcher and waits for it to connect back over the
// channel server: the one way stage processes and the device probe are started.
import { ChannelServer } from './channel-server'
import type { FrameSocket } from './frame-socket'
import { processLauncher, type LaunchedProcess, type LaunchRequest } from './process-launcher'

export interface ConnectedChild {
  readonly process: LaunchedProcess
  /** The child's channel and pid; rejects when it ends before connecting. */
  readonly connected: Promise<{ socket: FrameSocket; pid: number }>
}

export async function launchConnected(request: LaunchRequest): Promise<ConnectedChild> {
  const server = await ChannelServer.shared()
  const expected = server.expect()
  let child: LaunchedProcess
  try {
    child = processLauncher().launch({ ...request, env: { ...request.env, ...expected.env } })
  } catch (error) {
    expected.cancel(error as Error)
    throw error
  }
  child.onExit((how) => expected.cancel(new Error(`exited before it connected (${how})`)))
  return { process: child, connected: expected.connected }
}
