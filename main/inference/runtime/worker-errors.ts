// Typed failures of device workers and stage processes: one that cannot start or dies, a protocol violation,
// or an error raised inside the worker (its name, code and message travel back).
import { MppError } from '../errors'

export type StageWorkerErrorCode =
  'worker-missing' | 'cannot-start' | 'worker-died' | 'protocol' | 'remote' | 'closed'

export class StageWorkerError extends MppError {
  declare readonly code: StageWorkerErrorCode
  constructor(
    code: StageWorkerErrorCode,
    message: string,
    readonly remoteCode?: string
  ) {
    super(code, message)
  }
}
