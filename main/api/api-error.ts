// The typed error every handler throws for an expected failure; the router turns it into an
// error envelope with the same code. Anything else becomes INTERNAL without leaking internals.
import { API_ERROR_CODES } from '../../preload/contract/errors'
import { defineError } from '../shared/errors'

export const ApiError = defineError('ApiError', API_ERROR_CODES)
export type ApiError = InstanceType<typeof ApiError>
