// Typed errors of device discovery and per-device session creation.
import { defineError } from '../../shared/errors'

export const DeviceError = defineError('DeviceError', [
  'BAD_DEVICE_NAME',
  'PROVIDER_MISSING',
  'DEVICE_UNAVAILABLE',
  'SESSION_FAILED'
])
export type DeviceError = InstanceType<typeof DeviceError>
