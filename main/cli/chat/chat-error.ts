// Errors `mpp chat` raises for bad input (paths, :conf values); the REPL prints them and goes on.
import { defineError } from '../../shared/errors'

export const ChatError = defineError('ChatError', ['BAD_CONF', 'BAD_SEED', 'BAD_MEDIA', 'NO_MODEL'])
export type ChatError = InstanceType<typeof ChatError>
