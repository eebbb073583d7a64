// The placement flags shared by `mpp plan`, `mpp run` and `mpp bench`: adds them to a command and
// parses what commander collected into a typed PlacementRequest (reading the --map file).
import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { formatDevice, parseDevice, parseDeviceList } from '../inference/devices/device-ref'
import { DeviceError } from '../inference/devices/errors'
import { PlacementError } from '../inference/placement/errors'
import { parsePlacementMap } from '../inference/placement/map'
import type { PlacementRequest } from '../inference/placement/types'

export interface PlacementFlags {
  devices?: string
  split?: string
  gpuLayers?: string
  map?: string
  vision?: string
  context?: string
}

export function addPlacementOptions(command: Command): Command {
  return command
    .option(
      '--devices <list>',
      'devices that run stages, in order (cpu, webgpu[:N], cuda:N, dml:N; with --split a WebGPU adapter may repeat: one stage process each)'
    )
    .option('--split <ratios>', 'share of layers per device, e.g. 3,1 (llama.cpp --tensor-split)')
    .option('--gpu-layers <n>', 'put the last N decoder layers on the GPU(s), the rest on the CPU')
    .option(
      '--map <file>',
      'explicit placement JSON: {stages:[{layers:[a,b],device}], vision, head}'
    )
    .option('--vision <device>', 'device of the vision tower')
    .option('--context <n>', 'context length to size the KV cache for')
}

export async function readPlacementRequest(flags: PlacementFlags): Promise<PlacementRequest> {
  const request: PlacementRequest = {}
  if (flags.devices !== undefined) request.devices = asDevices(flags.devices)
  if (flags.split !== undefined) request.split = asRatios(flags.split)
  if (flags.gpuLayers !== undefined) request.gpuLayers = asCount('--gpu-layers', flags.gpuLayers, 0)
  if (flags.context !== undefined) request.context = asCount('--context', flags.context, 1)
  if (flags.vision !== undefined) request.vision = asDevices(flags.vision)[0]
  if (flags.map !== undefined) request.map = await readMap(flags.map)
  return request
}

function asDevices(text: string): string[] {
  try {
    return parseDeviceList(text).map(formatDevice)
  } catch (error) {
    if (error instanceof DeviceError) throw new PlacementError('BAD_REQUEST', error.message)
    throw error
  }
}

function asRatios(text: string): number[] {
  const ratios = text.split(',').map((part) => Number(part.trim()))
  if (ratios.length === 0 || ratios.some((ratio) => !Number.isFinite(ratio) || ratio < 0)) {
    throw new PlacementError(
      'BAD_REQUEST',
      `--split wants non-negative numbers separated by commas, got "${text}"`
    )
  }
  return ratios
}

function asCount(flag: string, text: string, min: number): number {
  const value = Number(text)
  if (!/^\d+$/.test(text.trim()) || value < min) {
    throw new PlacementError('BAD_REQUEST', `${flag} wants a whole number >= ${min}, got "${text}"`)
  }
  return value
}

async function readMap(path: string): Promise<PlacementRequest['map']> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new PlacementError('BAD_MAP', `${path} cannot be read: ${(error as Error).message}`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new PlacementError('BAD_MAP', `${path} is not JSON: ${(error as Error).message}`)
  }
  const map = parsePlacementMap(json, path)
  return {
    ...map,
    stages: map.stages.map((stage) => ({ ...stage, device: canonicalName(stage.device) })),
    ...(map.vision ? { vision: canonicalName(map.vision) } : {}),
    ...(map.head ? { head: canonicalName(map.head) } : {})
  }
}

function canonicalName(name: string): string {
  try {
    return formatDevice(parseDevice(name))
  } catch {
    return name
  }
}
