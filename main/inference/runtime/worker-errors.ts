// Typed failures of device workers and stage processes: one that cannot start or dies, a
// protocol violation, or an error raised inside it (its name, code and message travel back).
import { MppError } from '../../shared/errors'

export type StageWorkerErrorCode =
  'WORKER_MISSING' | 'CANNOT_START' | 'WORKER_DIED' | 'PROTOCOL' | 'REMOTE' | 'CLOSED'

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
