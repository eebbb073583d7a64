// Runs a store action and turns a failure into an error notice instead of an unhandled rejection.
import { messageOf } from '../api/app-error'
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
    get().notify('error', messageOf(error))
    return false
  }
}
