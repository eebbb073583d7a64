// Creates an ONNX Runtime session on one device: checks first that the backend can exist here,
// then calls ONNX Runtime with the preset options and turns its errors into DeviceErrors.
import type * as OrtModule from 'onnxruntime-node'
import type { InferenceSession } from 'onnxruntime-node'
import { formatDevice, type DeviceRef } from './device-ref'
import { DeviceError } from './errors'
import { hostPlatform } from './platform'
import {
  backendUnavailableReason,
  sessionOptionsFor,
  type PlatformFacts,
  type SessionOptionWishes
} from './session-options'

type Ort = typeof OrtModule

export interface CreateOnDeviceOptions extends SessionOptionWishes {
  facts?: PlatformFacts
}

export async function loadOrt(): Promise<Ort> {
  const module = await import('onnxruntime-node')
  return (module as Ort & { default?: Ort }).default ?? module
}

export async function createSessionOn(
  ort: Ort,
  model: string | Uint8Array,
  device: DeviceRef,
  options: CreateOnDeviceOptions = {}
): Promise<InferenceSession> {
  const reason = backendUnavailableReason(device, options.facts ?? hostPlatform())
  if (reason) throw new DeviceError('provider-missing', reason)
  const sessionOptions = sessionOptionsFor(device, options)
  try {
    return typeof model === 'string'
      ? await ort.InferenceSession.create(model, sessionOptions)
      : await ort.InferenceSession.create(model, sessionOptions)
  } catch (error) {
    throw describeSessionError(device, error)
  }
}

/** ONNX Runtime's messages name a missing provider in a few ways; map them to one code. */
export function describeSessionError(device: DeviceRef, error: unknown): DeviceError {
  const text = error instanceof Error ? error.message : String(error)
  const name = formatDevice(device)
  if (/Failed to load shared library|backend not found|cannot open shared object/i.test(text)) {
    return new DeviceError(
      'provider-missing',
      `${name}: the ${device.kind} provider cannot be loaded (${firstLine(text)})`,
      { cause: error }
    )
  }
  if (/adapter/i.test(text)) {
    return new DeviceError(
      'device-unavailable',
      `${name}: no usable GPU adapter (${firstLine(text)})`,
      { cause: error }
    )
  }
  return new DeviceError(
    'session-failed',
    `${name}: ONNX Runtime could not create the session (${firstLine(text)})`,
    { cause: error }
  )
}

function firstLine(text: string): string {
  const line = text.split('\n')[0]
  return line.length > 300 ? `${line.slice(0, 300)}…` : line
}
