// `mpp devices` (what can run a stage here) and `mpp plan` (where each part of a model package
// would go, and what it costs per device) — both print JSON with --json for scripts and tests.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Command } from 'commander'
import { listDevices, type DeviceInfo } from '../../inference/devices/list-devices'
import { PlacementError } from '../../inference/placement/errors'
import { formatBytes } from '../../inference/placement/accounting'
import { planOnDevices } from '../../inference/placement/request'
import { modelSizesFromManifest } from '../../inference/placement/sizes'
import type { PlacementPlan } from '../../inference/placement/types'
import { MANIFEST_FILE, manifestSchema, type Manifest } from '../../inference/package/manifest'
import {
  addPlacementOptions,
  readPlacementRequest,
  type PlacementFlags
} from '../placement-options'
import { runAction } from '../run-action'

export function register(program: Command): void {
  program
    .command('devices')
    .description('List the devices that can run a stage (CPU, WebGPU, CUDA, DirectML)')
    .option('--json', 'print JSON')
    .option('--no-probe', 'skip the GPU probes (no child processes)')
    .action(
      runAction(async (flags: { json?: boolean; probe: boolean }) => {
        const listing = await listDevices({ probe: flags.probe })
        if (flags.json) process.stdout.write(`${JSON.stringify(listing, null, 2)}\n`)
        else process.stdout.write(describeDevices(listing.devices, listing.defaultOrder))
      })
    )
  addPlacementOptions(
    program
      .command('plan')
      .description('Show where each stage of a model package would run and the bytes per device')
      .requiredOption('--model <dir>', 'model package folder')
      .option('--json', 'print JSON')
  ).action(
    runAction(async (flags: PlacementFlags & { model: string; json?: boolean }) => {
      const request = await readPlacementRequest(flags)
      const manifest = await readManifest(flags.model)
      const listing = await listDevices()
      const plan = planOnDevices(modelSizesFromManifest(manifest), listing, request)
      if (flags.json) process.stdout.write(`${JSON.stringify(plan, null, 2)}\n`)
      else process.stdout.write(describePlan(plan))
    })
  )
}

async function readManifest(folder: string): Promise<Manifest> {
  const path = join(folder, MANIFEST_FILE)
  let json: unknown
  try {
    json = JSON.parse(await readFile(path, 'utf8'))
  } catch (error) {
    throw new PlacementError(
      'BAD_REQUEST',
      `${path} cannot be read as JSON: ${(error as Error).message}`
    )
  }
  const parsed = manifestSchema.safeParse(json)
  if (!parsed.success)
    throw new PlacementError(
      'BAD_REQUEST',
      `${path} is not a valid package manifest: ${parsed.error.issues[0].message}`
    )
  return parsed.data
}

const MEMORY_SOURCES: Record<string, string> = {
  'nvidia-smi': 'memory from nvidia-smi',
  'adapter-limits': 'memory from the adapter limits',
  'system-ram': 'memory from system RAM',
  os: 'memory from system RAM (OS)',
  wmi: 'memory from WMI'
}

function memorySourceText(source: string): string {
  return MEMORY_SOURCES[source] ?? `memory from ${source}`
}

function describeDevices(devices: readonly DeviceInfo[], order: readonly string[]): string {
  const lines = devices.map((device) => {
    const memory =
      device.freeBytes === null
        ? 'memory unknown'
        : `${formatBytes(device.freeBytes)} free of ${formatBytes(device.totalBytes ?? 0)} (${device.memorySource})`
    const cores = device.cores ? `, ${device.cores} cores` : ''
    const state = device.usable ? 'usable' : `not usable: ${device.reason ?? 'unknown'}`
    const pinned = device.pinnedBy ? `; pinned by ${device.pinnedBy}` : ''
    const limits = device.limits
      ? `; max buffer ${formatBytes(device.limits.maxBufferSize)}, max storage binding ${formatBytes(device.limits.maxStorageBufferBindingSize)} (${device.limits.source})`
      : ''
    return `${device.id.padEnd(8)} ${device.name}${cores}; ${memory}${pinned}${limits}; ${state}`
  })
  return `${lines.join('\n')}\ndefault order: ${order.join(', ')}\n`
}

function describePlan(plan: PlacementPlan): string {
  const stages = plan.stages.map(
    (stage, i) =>
      `stage ${i}: layers [${stage.layers[0]}, ${stage.layers[1]}) on ${stage.device}${stage.isLast ? ' + head' : ''}`
  )
  const devices = plan.devices.map((device) => {
    const source = device.memorySource ? ` (${memorySourceText(device.memorySource)})` : ''
    const limit = device.bufferLimit
      ? `; largest buffer ${formatBytes(device.bufferLimit.bytes)} (${device.bufferLimit.source})`
      : ''
    return (
      `${device.device.padEnd(8)} weights ${formatBytes(device.weightsBytes)}, KV ${formatBytes(device.kvBytes)}, ` +
      `work ${formatBytes(device.workBytes)}: ${formatBytes(device.totalBytes)} of ${formatBytes(device.budgetBytes)}` +
      `${source}${limit}`
    )
  })
  return [
    `mode ${plan.mode}, context ${plan.context}, vision on ${plan.vision}`,
    ...stages,
    ...devices,
    ''
  ].join('\n')
}
