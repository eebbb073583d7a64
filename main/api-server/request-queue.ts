// API requests wait here in arrival order and go to the model one at a time (the model host
// queues them behind the app's own turns). The wait list is bounded: a request that finds it full
// is refused with 429 and a Retry-After from the recent request durations. A request whose client
// goes away while waiting leaves the queue.
import { OpenAiError } from './openai-error'

interface Waiter {
  readonly start: () => void
  readonly signal: AbortSignal
}

export class RequestQueue {
  private busy = false
  private readonly waiting: Waiter[] = []
  private recentMs: number[] = []

  constructor(private readonly maxWaiting: number) {}

  /** Requests running or waiting. */
  get depth(): number {
    return this.waiting.length + (this.busy ? 1 : 0)
  }

  /** Runs `work` when its turn comes; rejects with 429 when the wait list is full. */
  async run<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
    if (this.busy) {
      if (this.waiting.length >= this.maxWaiting) throw this.full()
      await new Promise<void>((resolve, reject) => {
        const waiter: Waiter = { start: resolve, signal }
        this.waiting.push(waiter)
        signal.addEventListener(
          'abort',
          () => {
            const index = this.waiting.indexOf(waiter)
            if (index < 0) return
            this.waiting.splice(index, 1)
            reject(signal.reason)
          },
          { once: true }
        )
      })
    }
    this.busy = true
    const started = performance.now()
    try {
      return await work()
    } finally {
      this.recentMs = [...this.recentMs.slice(-9), performance.now() - started]
      this.next()
    }
  }

  private next(): void {
    const waiter = this.waiting.shift()
    if (waiter) waiter.start()
    else this.busy = false
  }

  private full(): OpenAiError {
    const average =
      this.recentMs.length > 0
        ? this.recentMs.reduce((sum, ms) => sum + ms, 0) / this.recentMs.length
        : 1000
    const seconds = Math.max(1, Math.ceil((average * this.depth) / 1000))
    return new OpenAiError(
      429,
      `The request queue is full (${this.maxWaiting} waiting behind the running request); retry in ${seconds} s`,
      null,
      'queue_full',
      { 'retry-after': String(seconds) }
    )
  }
}
