// Runs a store action and turns a failure into an error notice instead of an unhandled rejection.
import type { GetState } from './types'

export async function guard(get: GetState, work: () => Promise<void>): Promise<void> {
  await succeeded(get, work)
}

/** As `guard`, and says whether the action succeeded (false: an error notice says why). */
export async function succeeded(get: GetState, work: () => Promise<void>): Promise<boolean> {
  try {
    await work()
    return true
  } catch (error) {
    get().notifyError(error)
    return false
  }
}
