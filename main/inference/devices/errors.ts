// Typed errors of device discovery and per-device session creation.
import { MppError } from '../errors'

export type DeviceErrorCode =
  'bad-device-name' | 'provider-missing' | 'device-unavailable' | 'session-failed'

export class DeviceError extends MppError {
  declare readonly code: DeviceErrorCode
  constructor(code: DeviceErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options)
  }
}
