// Line input for `mpp chat` over readline: one prompt at a time, null at end of input, and
// Ctrl-C delivered as a callback (readline's SIGINT on a terminal, the process signal when
// input is piped) so the chat decides whether it stops an answer or leaves.
import { createInterface, type Interface } from 'node:readline'

export class LineReader {
  private readonly rl: Interface
  private readonly lines: string[] = []
  private waiter: ((line: string | null) => void) | null = null
  private closed = false
  private readonly onSignal = (): void => this.onInterrupt()
  /** Replaced by the chat loop. */
  onInterrupt: () => void = () => {}

  constructor(
    input: NodeJS.ReadableStream,
    private readonly output: NodeJS.WritableStream
  ) {
    const terminal = Boolean((input as { isTTY?: boolean }).isTTY)
    this.rl = createInterface({ input, output, terminal, historySize: 200 })
    this.rl.on('line', (line) => this.deliver(line))
    this.rl.on('close', () => {
      this.closed = true
      this.deliver(null)
    })
    this.rl.on('SIGINT', this.onSignal)
    process.on('SIGINT', this.onSignal)
  }

  /** Shows `prompt` and resolves with the next line, or null once input has ended. */
  question(prompt: string): Promise<string | null> {
    const queued = this.lines.shift()
    if (queued !== undefined) return Promise.resolve(queued)
    if (this.closed) return Promise.resolve(null)
    this.rl.setPrompt(prompt)
    this.rl.prompt()
    return new Promise((resolve) => (this.waiter = resolve))
  }

  /** Drops what was typed on the prompt line and shows the prompt again. */
  reprompt(note: string): void {
    this.rl.write(null, { ctrl: true, name: 'u' })
    this.output.write(`\n${note}\n`)
    this.rl.prompt()
  }

  close(): void {
    process.off('SIGINT', this.onSignal)
    this.rl.close()
  }

  private deliver(line: string | null): void {
    const waiter = this.waiter
    this.waiter = null
    if (waiter) waiter(line)
    else if (line !== null) this.lines.push(line)
  }
}
