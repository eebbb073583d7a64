// When the client restarts a dead host and when it gives up: consecutive failures (deaths and
// failed recoveries) with back-off between attempts, forgiven after a host stayed up long
// enough or a call succeeded; more than `maxAttempts` in a row opens the circuit.

export interface RestartPolicyOptions {
  maxRestartAttempts: number
  backoffMs: (attempt: number) => number
  stableAfterMs: number
}

export class RestartPolicy {
  private failures = 0
  private upSince = 0
  private lastReason = ''

  constructor(private readonly options: RestartPolicyOptions) {}

  /** A host became ready. */
  up(): void {
    this.upSince = Date.now()
  }

  /** A ready host died; one that had stayed up long enough starts a fresh count. */
  died(reason: string): void {
    if (Date.now() - this.upSince > this.options.stableAfterMs) this.failures = 0
    this.failed(reason)
  }

  /** A restart attempt failed (no ready signal, or the model did not reload). */
  failed(reason: string): void {
    this.failures++
    this.lastReason = reason
  }

  /** A real call succeeded: the host is healthy again. */
  succeeded(): void {
    this.failures = 0
  }

  reset(): void {
    this.failures = 0
  }

  get exhausted(): boolean {
    return this.failures > this.options.maxRestartAttempts
  }

  /** 1-based number of the next restart attempt. */
  get attempt(): number {
    return Math.max(1, this.failures)
  }

  get lastFailure(): string {
    return this.lastReason
  }

  delayMs(): number {
    return this.options.backoffMs(this.attempt)
  }

  giveUpMessage(): string {
    return (
      `The model host failed ${this.failures} times in a row and will not be restarted again ` +
      `(last failure: ${this.lastReason}).`
    )
  }
}
