// Typed failures of prompt construction: a conversation whose shape the template cannot express.
import { MppError } from '../errors'

export type PromptErrorCode = 'invalid-conversation'

export class PromptError extends MppError {
  constructor(
    override readonly code: PromptErrorCode,
    message: string
  ) {
    super(code, message)
  }
}
