// The child side of a child channel: connects to the socket its environment names, presents the
// one-time credentials, and removes them from its environment so its own children cannot reuse
// them.
import { connect } from 'node:net'
import { CHANNEL_ENV, type Hello } from './channel-protocol'
import { encodeFrame } from './frame-codec'
import { FrameSocket } from './frame-socket'

export function connectToParent(): Promise<FrameSocket> {
  const address = process.env[CHANNEL_ENV.address]
  const id = process.env[CHANNEL_ENV.id]
  const secret = process.env[CHANNEL_ENV.secret]
  for (const key of Object.values(CHANNEL_ENV)) delete process.env[key]
  if (!address || !id || !secret)
    return Promise.reject(
      new Error('this process must be started by mpp (no channel to its parent in its environment)')
    )
  return new Promise((resolve, reject) => {
    const socket = connect(address)
    socket.once('error', reject)
    socket.once('connect', () => {
      socket.off('error', reject)
      const hello: Hello = { kind: 'hello', id, secret, pid: process.pid }
      socket.write(encodeFrame(hello))
      resolve(new FrameSocket(socket))
    })
  })
}
