// The typed failures of the app services (conversations, attachments, exports, models). The api
// layer maps each code onto the transport's ApiErrorCode; services never throw the transport's
// own error.
import type { FileProblemData } from '../../preload/contract/errors'
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

/** An added file that cannot be used: a ServiceError that also says why, for the renderer's words. */
export class FileServiceError extends ServiceError {
  constructor(
    code: 'UNREADABLE_FILE' | 'UNSUPPORTED_FILE',
    message: string,
    readonly file: FileProblemData
  ) {
    super(code, message)
  }
}
