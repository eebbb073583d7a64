// Errors `mpp chat` raises for bad input (paths, :conf values); the REPL prints them and goes on.
import { MppError } from '../../inference/errors'

export type ChatErrorCode = 'bad-conf' | 'bad-seed' | 'bad-media' | 'no-model'

export class ChatError extends MppError {
  declare readonly code: ChatErrorCode

  constructor(code: ChatErrorCode, message: string) {
    super(code, message)
  }
}
