// Names of compute devices ('cpu', 'webgpu', 'cuda:N', 'dml:N', any registered backend): the one
// place that parses and prints them, so the CLI, the planner, the workers and the host protocol
// agree on spelling. Which names exist comes from the backend registry.
import { z } from 'zod'
import type { DeviceRef } from './backends/backend'
import { backendOf, deviceNameHint, findBackend } from './backends/registry'
import { DeviceError } from './errors'

export type { DeviceKind, DeviceRef } from './backends/backend'

export const deviceRefSchema = z.object({
  kind: z.string().refine((kind) => findBackend(kind)?.kind === kind, 'unknown backend'),
  index: z.number().int().min(0)
})

/** 'cuda:1' for indexed kinds; 'cpu' has one device; WebGPU adapters are 'webgpu' (the first)
 *  and 'webgpu:N', each pinned in its own stage process (webgpu-adapters.ts). */
export function formatDevice(device: DeviceRef): string {
  return backendOf(device.kind).indexed || device.index > 0
    ? `${device.kind}:${device.index}`
    : device.kind
}

export function parseDevice(text: string): DeviceRef {
  const match = /^([a-z][a-z0-9-]*)(?::(\d+))?$/.exec(text.trim().toLowerCase())
  const backend = match ? findBackend(match[1]) : undefined
  if (!match || !backend) {
    throw new DeviceError(
      'BAD_DEVICE_NAME',
      `"${text}" is not a device name: use ${deviceNameHint()}`
    )
  }
  const index = match[2] === undefined ? 0 : Number(match[2])
  if (!backend.indexed && !backend.stageProcess && index !== 0) {
    throw new DeviceError(
      'BAD_DEVICE_NAME',
      `"${text}": there is only one ${backend.kind} device (index 0)`
    )
  }
  return { kind: backend.kind, index }
}

export function parseDeviceList(text: string): DeviceRef[] {
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
  if (parts.length === 0) throw new DeviceError('BAD_DEVICE_NAME', 'the device list is empty')
  const devices = parts.map(parseDevice)
  // A stage-process device may run several stages, each in its own process.
  const names = devices.map(formatDevice)
  const repeated = devices.find(
    (device, i) => !backendOf(device.kind).stageProcess && names.indexOf(names[i]) !== i
  )
  if (repeated)
    throw new DeviceError('BAD_DEVICE_NAME', `device ${formatDevice(repeated)} is listed twice`)
  return devices
}
