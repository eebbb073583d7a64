// A connected local socket carrying frames (frame-codec.ts): one write per message, messages out
// in arrival order, one close notice whether the peer ended, errored or broke the framing.
import type { Socket } from 'node:net'
import { encodeFrame, FrameReader } from './frame-codec'

/** A larger frame (a prefill chunk's hidden rows) gets a buffer of its own each time. */
const MAX_SCRATCH_BYTES = 1 << 20

export class FrameSocket {
  private readonly listeners: ((message: unknown) => void)[] = []
  private readonly closeListeners: ((reason: string) => void)[] = []
  private closedBecause: string | undefined
  /** Messages that arrived before anyone listened (the child's first ones can). */
  private readonly unheard: unknown[]
  /** The last frame's buffer, when the socket no longer needs it. */
  private scratch: Buffer | undefined

  constructor(
    private readonly socket: Socket,
    reader: FrameReader = new FrameReader(),
    /** Messages that arrived with the handshake, before this socket took the stream over. */
    early: readonly unknown[] = []
  ) {
    this.unheard = [...early]
    socket.on('data', (chunk: Buffer) => {
      let messages: unknown[]
      try {
        messages = reader.push(chunk)
      } catch (error) {
        this.close((error as Error).message)
        return
      }
      for (const message of messages) this.deliver(message)
    })
    socket.on('error', (error) => this.close(error.message))
    socket.on('close', () => this.close('the peer closed the channel'))
  }

  get closed(): boolean {
    return this.closedBecause !== undefined
  }

  send(message: unknown): void {
    if (this.closed) return
    const frame = encodeFrame(message, this.scratch)
    this.socket.write(frame)
    // Nothing left in the stream: the kernel took every byte during write(), so the buffer is
    // free for the next frame. Else the stream holds it until written, and the next frame gets a
    // buffer of its own. Decode steps send frames of one size: one buffer, no garbage.
    if (this.socket.writableLength !== 0) this.scratch = undefined
    else if (frame.buffer !== this.scratch?.buffer && frame.length <= MAX_SCRATCH_BYTES)
      this.scratch = frame
  }

  onMessage(listener: (message: unknown) => void): void {
    this.listeners.push(listener)
    for (const message of this.unheard.splice(0)) this.deliver(message)
  }

  offMessage(listener: (message: unknown) => void): void {
    const at = this.listeners.indexOf(listener)
    if (at >= 0) this.listeners.splice(at, 1)
  }

  /** Called once; at once when the socket is already closed. */
  onClose(listener: (reason: string) => void): void {
    if (this.closedBecause !== undefined) listener(this.closedBecause)
    else this.closeListeners.push(listener)
  }

  /** Ends the stream after everything sent so far has been written (a child's last message). */
  end(): Promise<void> {
    return new Promise((resolve) => this.socket.end(resolve))
  }

  close(reason = 'closed'): void {
    if (this.closedBecause !== undefined) return
    this.closedBecause = reason
    this.socket.destroy()
    for (const listener of this.closeListeners.splice(0)) listener(reason)
  }

  private deliver(message: unknown): void {
    if (this.closed) return
    if (this.listeners.length === 0) {
      this.unheard.push(message)
      return
    }
    for (const listener of [...this.listeners]) listener(message)
  }
}
