// ONNX Runtime session options for a device (ORT-RUNTIME.md §7.5) and where its provider can
// exist, answered by the device's backend module. Pure: building options never touches ORT.
import type { InferenceSession } from 'onnxruntime-node'
import type { DeviceRef, PlatformFacts, SessionOptionWishes } from './backends/backend'
import { backendOf } from './backends/registry'
import { formatDevice } from './device-ref'

export type { PlatformFacts, SessionOptionWishes } from './backends/backend'

export function sessionOptionsFor(
  device: DeviceRef,
  wishes: SessionOptionWishes = {}
): InferenceSession.SessionOptions {
  return backendOf(device.kind).sessionOptions(device, wishes)
}

/** Why the device's backend cannot exist on this machine whatever the hardware (null if it can). */
export function backendUnavailableReason(device: DeviceRef, facts: PlatformFacts): string | null {
  return backendOf(device.kind).unavailableReason(formatDevice(device), facts)
}
