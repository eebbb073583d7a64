// Wraps a CLI action so typed errors become one readable line on stderr and a non-zero exit.
import { MppError } from '../inference/errors'
import { userMessage } from '../inference/user-message'

export function runAction<A extends unknown[]>(
  action: (...args: A) => Promise<void> | void
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args)
    } catch (error) {
      if (error instanceof MppError) {
        process.stderr.write(`mpp: ${error.message}\n`)
      } else {
        // One readable line: no stack trace, no runtime internals, no full paths.
        process.stderr.write(`mpp: unexpected error: ${userMessage(error)}\n`)
      }
      process.exitCode = 1
    }
  }
}
