// A FrameSocket reuses one buffer for its frames only while the kernel has taken every byte of
// the last one. Over a real local socket whose reader stops reading, the writer's frames queue in
// the stream; each must still arrive with its own contents (a reused buffer would have been
// overwritten by a later frame), in order, once the reader reads again.
import { createServer, connect, type Socket } from 'node:net'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { FrameSocket } from '../../../main/inference/child-process/frame-socket'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

async function socketPair(): Promise<{ writer: Socket; reader: Socket }> {
  const dir = mkdtempSync(join(tmpdir(), 'mpp-frame-socket-'))
  const server = createServer()
  const path = join(dir, 's')
  await new Promise<void>((resolve) => server.listen(path, resolve))
  const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve))
  const writer = connect(path)
  await new Promise<void>((resolve) => writer.once('connect', resolve))
  const reader = await accepted
  cleanups.push(() => {
    writer.destroy()
    reader.destroy()
    server.close()
    rmSync(dir, { recursive: true, force: true })
  })
  return { writer, reader }
}

describe('FrameSocket', () => {
  it('never rewrites a frame the stream still holds', async () => {
    const { writer, reader } = await socketPair()
    reader.pause()
    const sender = new FrameSocket(writer)
    // 64 frames of 256 KiB: far past what the kernel buffers, so most wait in the stream.
    const count = 64
    const floats = 65536
    for (let i = 0; i < count; i++) sender.send({ i, x: new Float32Array(floats).fill(i + 0.5) })
    expect(writer.writableLength).toBeGreaterThan(0)
    const received: { i: number; x: Float32Array }[] = []
    const all = new Promise<void>((resolve) => {
      const receiver = new FrameSocket(reader)
      receiver.onMessage((message) => {
        received.push(message as { i: number; x: Float32Array })
        if (received.length === count) resolve()
      })
    })
    reader.resume()
    await all
    received.forEach((message, i) => {
      expect(message.i).toBe(i)
      expect(message.x.length).toBe(floats)
      expect(message.x.every((value) => value === i + 0.5)).toBe(true)
    })
  })

  it('sends frames of one size back to back intact when the reader keeps up', async () => {
    const { writer, reader } = await socketPair()
    const sender = new FrameSocket(writer)
    const receiver = new FrameSocket(reader)
    for (let i = 0; i < 50; i++) {
      const next = new Promise<unknown>((resolve) => {
        const once = (message: unknown): void => {
          receiver.offMessage(once)
          resolve(message)
        }
        receiver.onMessage(once)
      })
      sender.send({ i, x: new Float32Array(4096).fill(i) })
      const message = (await next) as { i: number; x: Float32Array }
      expect(message.i).toBe(i)
      expect(message.x.every((value) => value === i)).toBe(true)
    }
  })
})
