// Typed failures of prompt construction: a conversation whose shape the template cannot express.
import { defineError } from '../../shared/errors'

export const PromptError = defineError('PromptError', ['INVALID_CONVERSATION'])
export type PromptError = InstanceType<typeof PromptError>
export type PromptErrorCode = PromptError['code']
