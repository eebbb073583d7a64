// Runs a store action and turns a failure into an error notice instead of an unhandled rejection.
import { messageOf } from '../api/app-error'
import type { GetState } from './types'

export async function guard(get: GetState, work: () => Promise<void>): Promise<void> {
  try {
    await work()
  } catch (error) {
    get().notify('error', messageOf(error))
  }
}
