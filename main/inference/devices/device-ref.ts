// Names of compute devices ('cpu', 'webgpu', 'cuda:N', 'dml:N'): the one place that parses and
// prints them, so the CLI, the planner, the workers and the host protocol agree on spelling.
import { z } from 'zod'
import { DeviceError } from './errors'

export type DeviceKind = 'cpu' | 'webgpu' | 'cuda' | 'dml'

export interface DeviceRef {
  kind: DeviceKind
  index: number
}

export const deviceRefSchema = z.object({
  kind: z.enum(['cpu', 'webgpu', 'cuda', 'dml']),
  index: z.number().int().min(0)
})

export const CPU_DEVICE: DeviceRef = { kind: 'cpu', index: 0 }

/** 'cuda:1' for indexed kinds; 'cpu' and 'webgpu' have one device each (WebGPU in
 *  onnxruntime-node 1.30 cannot pick an adapter, ORT-RUNTIME.md §0.2). */
export function formatDevice(device: DeviceRef): string {
  return device.kind === 'cuda' || device.kind === 'dml'
    ? `${device.kind}:${device.index}`
    : device.kind
}

export function parseDevice(text: string): DeviceRef {
  const match = /^(cpu|webgpu|cuda|dml|gpu)(?::(\d+))?$/.exec(text.trim().toLowerCase())
  if (!match) {
    throw new DeviceError(
      'bad-device-name',
      `"${text}" is not a device name: use cpu, webgpu, cuda:N or dml:N`
    )
  }
  const kind = match[1] === 'gpu' ? 'cuda' : (match[1] as DeviceKind)
  const index = match[2] === undefined ? 0 : Number(match[2])
  if ((kind === 'cpu' || kind === 'webgpu') && index !== 0) {
    throw new DeviceError(
      'bad-device-name',
      `"${text}": there is only one ${kind} device (index 0)`
    )
  }
  return { kind, index }
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

export function sameDevice(a: DeviceRef, b: DeviceRef): boolean {
  return a.kind === b.kind && a.index === b.index
}

export function isAccelerator(device: DeviceRef): boolean {
  return device.kind !== 'cpu'
}
