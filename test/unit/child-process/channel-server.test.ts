// The channel server on a real local socket: a child presenting its one-time id and secret gets
// through, with the messages it sent in the same breath as its hello (lost before a fix: the
// first 'ready' arrived before anyone listened and a stage never started); a wrong secret, an
// unknown id or a second use of the credentials is dropped; the socket sits in a folder only
// this user can open.
import { mkdirSync, rmSync, statSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { dirname } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CHANNEL_ENV } from '../../../main/inference/child-process/channel-protocol'
import { ChannelServer, privateAddress } from '../../../main/inference/child-process/channel-server'
import { encodeFrame } from '../../../main/inference/child-process/frame-codec'

function dial(address: string, ...messages: unknown[]): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(address, () => {
      socket.write(Buffer.concat(messages.map((message) => encodeFrame(message))))
      resolve(socket)
    })
    socket.once('error', reject)
  })
}

function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => socket.once('close', () => resolve()))
}

describe('channel server', () => {
  it('lets a child with its credentials in, keeping what it sent before anyone listened', async () => {
    const server = await ChannelServer.shared()
    const expected = server.expect()
    const env = expected.env
    const socket = await dial(
      env[CHANNEL_ENV.address],
      { kind: 'hello', id: env[CHANNEL_ENV.id], secret: env[CHANNEL_ENV.secret], pid: 4242 },
      { kind: 'ready' },
      { kind: 'result', value: Float32Array.of(1, 2) }
    )
    const { socket: channel, pid } = await expected.connected
    expect(pid).toBe(4242)
    // Listen only after the connection resolved: both early messages must still arrive.
    await new Promise((resolve) => setTimeout(resolve, 50))
    const heard: unknown[] = []
    channel.onMessage((message) => heard.push(message))
    expect(heard).toEqual([{ kind: 'ready' }, { kind: 'result', value: Float32Array.of(1, 2) }])
    socket.destroy()
    await new Promise<void>((resolve) => channel.onClose(() => resolve()))
  })

  it('drops a wrong secret, an unknown id and a second use of the credentials', async () => {
    const server = await ChannelServer.shared()
    const expected = server.expect()
    const {
      [CHANNEL_ENV.address]: address,
      [CHANNEL_ENV.id]: id,
      [CHANNEL_ENV.secret]: secret
    } = expected.env
    const wrong = secret.replace(/^./, secret[0] === '0' ? '1' : '0')
    const refused = await dial(address, { kind: 'hello', id, secret: wrong, pid: 1 })
    await closed(refused)
    const unknown = await dial(address, { kind: 'hello', id: 'nobody', secret, pid: 1 })
    await closed(unknown)
    const good = await dial(address, { kind: 'hello', id, secret, pid: 2 })
    expect((await expected.connected).pid).toBe(2)
    const again = await dial(address, { kind: 'hello', id, secret, pid: 3 })
    await closed(again)
    good.destroy()
  })

  it('listens in a folder only this user can open', async () => {
    if (process.platform === 'win32') return
    const server = await ChannelServer.shared()
    expect(statSync(dirname(server.address)).mode & 0o777).toBe(0o700)
  })

  it('keeps the socket path within sun_path under a deep TMPDIR', () => {
    if (process.platform === 'win32') return
    const deep = `/tmp/${'d'.repeat(120)}`
    mkdirSync(deep, { recursive: true })
    const saved = process.env.TMPDIR
    process.env.TMPDIR = deep
    try {
      const { address, cleanup } = privateAddress()
      expect(Buffer.byteLength(address)).toBeLessThan(100)
      expect(address.startsWith('/tmp/mpp-ch-')).toBe(true)
      expect(statSync(dirname(address)).mode & 0o777).toBe(0o700)
      cleanup()
    } finally {
      if (saved === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = saved
      rmSync(deep, { recursive: true, force: true })
    }
  })

  it('rejects the wait when the child is given up on', async () => {
    const expected = (await ChannelServer.shared()).expect()
    expected.cancel(new Error('exited before it connected (code 1)'))
    await expect(expected.connected).rejects.toThrow(/code 1/)
  })
})
