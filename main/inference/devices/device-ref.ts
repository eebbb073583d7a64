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

/** 'cuda:1' for indexed kinds; 'cpu' and 'webgpu' have one device each (WebGPU in
 *  onnxruntime-node 1.30 cannot pick an adapter, ORT-RUNTIME.md §0.2). */
export function formatDevice(device: DeviceRef): string {
  return backendOf(device.kind).indexed ? `${device.kind}:${device.index}` : device.kind
}

export function parseDevice(text: string): DeviceRef {
  const match = /^([a-z][a-z0-9-]*)(?::(\d+))?$/.exec(text.trim().toLowerCase())
  const backend = match ? findBackend(match[1]) : undefined
  if (!match || !backend) {
    throw new DeviceError(
      'bad-device-name',
      `"${text}" is not a device name: use ${deviceNameHint()}`
    )
  }
  const index = match[2] === undefined ? 0 : Number(match[2])
  if (!backend.indexed && index !== 0) {
    throw new DeviceError(
      'bad-device-name',
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
  if (parts.length === 0) throw new DeviceError('bad-device-name', 'the device list is empty')
  const devices = parts.map(parseDevice)
  const names = devices.map(formatDevice)
  const repeated = names.find((name, i) => names.indexOf(name) !== i)
  if (repeated) throw new DeviceError('bad-device-name', `device ${repeated} is listed twice`)
  return devices
}
