// Wraps a CLI action so typed errors become one readable line on stderr and a non-zero exit.
import { MppError } from '../shared/errors'

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
        const text = error instanceof Error ? (error.stack ?? error.message) : String(error)
        process.stderr.write(`mpp: unexpected error: ${text}\n`)
      }
      process.exitCode = 1
    }
  }
}
