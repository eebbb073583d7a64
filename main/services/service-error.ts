// The typed failures of the app services (conversations, attachments, exports, models). The api
// layer maps each code onto the transport's ApiErrorCode; services never throw the transport's
// own error.
import { defineError } from '../shared/errors'

export const ServiceError = defineError('ServiceError', [
  'BAD_INPUT',
  'NOT_FOUND',
  'BUSY',
  'NO_MODEL',
  'UNREADABLE_FILE',
  'UNSUPPORTED_FILE'
])
export type ServiceError = InstanceType<typeof ServiceError>
