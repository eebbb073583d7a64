// Which conversations are answering now: one answer at a time per conversation. A request claims
// its conversation synchronously, before its first await, so requests that arrive together cannot
// both start an answer; the claim lasts until the answer is saved, and stop aborts and awaits it.
import { ServiceError } from './service-error'

/** A conversation's claim for one answer: from the request's first line until it is saved. */
export interface AnswerClaim {
  /** The turn being answered, once it exists. */
  turnId: string | null
  readonly controller: AbortController
  readonly done: Promise<void>
  release(): void
}

export class AnswerClaims {
  private readonly active = new Map<string, AnswerClaim>()

  assertIdle(id: string): void {
    if (this.active.has(id))
      throw new ServiceError('BUSY', 'An answer is still being written; stop it first')
  }

  /** Claims the conversation now, or throws BUSY. */
  claim(id: string): AnswerClaim {
    this.assertIdle(id)
    let resolve = (): void => {}
    const claim: AnswerClaim = {
      turnId: null,
      controller: new AbortController(),
      done: new Promise<void>((settle) => (resolve = settle)),
      release: () => {
        if (this.active.get(id) === claim) this.active.delete(id)
        resolve()
      }
    }
    this.active.set(id, claim)
    return claim
  }

  /** The turn being answered in the conversation, if any. */
  runningTurn(id: string): string | null {
    return this.active.get(id)?.turnId ?? null
  }

  /** Aborts the conversation's answer (also one still being set up) and waits until it is saved. */
  async stop(id: string): Promise<void> {
    const claim = this.active.get(id)
    if (!claim) return
    claim.controller.abort()
    await claim.done
  }

  /** Resolves when the conversation's running answer (if any) has been saved. */
  async idle(id: string): Promise<void> {
    await this.active.get(id)?.done
  }
}
