// The placement planner: a pure function from model sizes, device budgets and the user's wishes
// to a list of stages (device + layer range) with the bytes each device will hold. It refuses a
// plan that cannot fit before anything is loaded.
import { backendOf } from '../devices/backends/registry'
import { formatDevice, parseDevice } from '../devices/device-ref'
import { DeviceError } from '../devices/errors'
import { assignAuto, assignByRatios, assignGpuLayers, shortOf, type Slot } from './assign'
import { headCost, layerKvBytes, stageWorkBytes, visionCost } from './accounting'
import { PlacementError } from './errors'
import { checkBufferLimits } from './buffer-limits'
import { checkMap } from './map'
import type {
  BufferLimit,
  DeviceBudget,
  DeviceUsage,
  ModelSizes,
  PlacementMode,
  PlacementPlan,
  PlacementRequest,
  PlannedStage
} from './types'

export function planPlacement(
  sizes: ModelSizes,
  budgets: readonly DeviceBudget[],
  request: PlacementRequest = {}
): PlacementPlan {
  const known = new Map(budgets.map((budget) => [formatDevice(budget.device), budget.budgetBytes]))
  if (!known.has('cpu')) throw new PlacementError('BAD_REQUEST', 'the device list has no cpu entry')
  const context = request.context ?? sizes.seqLength
  if (!Number.isInteger(context) || context < 1) {
    throw new PlacementError('BAD_REQUEST', `--context must be a whole number >= 1, got ${context}`)
  }
  const vision = request.vision ?? request.map?.vision
  if (
    request.vision &&
    request.map?.vision &&
    canonical(request.vision, known) !== canonical(request.map.vision, known)
  ) {
    throw new PlacementError(
      'BAD_REQUEST',
      `--vision ${request.vision} contradicts the map's vision ${request.map.vision}`
    )
  }
  const visionDevice = vision === undefined ? undefined : canonical(vision, known)
  const order = orderDevices(request, known)
  const mode = modeOf(request)
  const assignment = assign(mode, sizes, request, order, known, context, visionDevice)
  // A device listed twice (a stage-process device) runs one stage per listing.
  const slots =
    mode === 'split'
      ? assignByRatios(
          order.map((_, slot) => String(slot)),
          request.split ?? [],
          sizes.layers
        )
      : undefined
  const stages = request.map
    ? checkMap(request.map, sizes.layers, known)
    : stagesOf(assignment, slots)
  const layerDevices = stages.flatMap((stage) =>
    Array<string>(stage.layers[1] - stage.layers[0]).fill(stage.device)
  )
  const head = stages.at(-1)?.device ?? 'cpu'
  const usage = usageOf(
    sizes,
    layerDevices,
    stages.map((stage) => stage.device),
    head,
    context,
    known,
    order
  )
  const placedVision = visionDevice ?? pickVisionDevice(sizes, usage, order, context)
  addVision(sizes, usage, placedVision, known)
  describeMemory(usage, budgets)
  checkBufferLimits(sizes, { stages, head, vision: placedVision }, bufferLimits(budgets))
  checkFit(usage, context)
  return {
    mode,
    context,
    stages,
    vision: placedVision,
    head,
    embedding: 'cpu',
    devices: [...usage.values()]
  }
}

function canonical(name: string, known: ReadonlyMap<string, number>): string {
  let text: string
  try {
    text = formatDevice(parseDevice(name))
  } catch (error) {
    if (error instanceof DeviceError) throw new PlacementError('UNKNOWN_DEVICE', error.message)
    throw error
  }
  if (!known.has(text)) {
    throw new PlacementError(
      'UNKNOWN_DEVICE',
      `device ${text} is not available here (available: ${[...known.keys()].join(', ')})`
    )
  }
  return text
}

/** The devices that may run stages, in pipeline order; by default every known device, CPU last. */
function orderDevices(request: PlacementRequest, known: ReadonlyMap<string, number>): string[] {
  if (request.devices && request.devices.length > 0) {
    const names = request.devices.map((name) => canonical(name, known))
    const repeated = names.find((name, i) => names.indexOf(name) !== i)
    if (repeated && (!runsStageProcesses(repeated) || !request.split))
      throw new PlacementError(
        'BAD_REQUEST',
        runsStageProcesses(repeated)
          ? `device ${repeated} is listed twice: one device runs several stages only with --split`
          : `device ${repeated} is listed twice`
      )
    return names
  }
  const names = [...known.keys()]
  return [...names.filter((name) => name !== 'cpu'), 'cpu']
}

function modeOf(request: PlacementRequest): PlacementMode {
  if (request.map) {
    if (request.split || request.gpuLayers !== undefined || request.devices) {
      throw new PlacementError(
        'BAD_REQUEST',
        '--map gives the whole assignment; do not combine it with --devices, --split or --gpu-layers'
      )
    }
    return 'map'
  }
  if (request.gpuLayers !== undefined) return 'gpu-layers'
  return request.split ? 'split' : 'auto'
}

function assign(
  mode: PlacementMode,
  sizes: ModelSizes,
  request: PlacementRequest,
  order: readonly string[],
  known: ReadonlyMap<string, number>,
  context: number,
  visionDevice: string | undefined
): string[] {
  const slots: Slot[] = order.map((name) => {
    const reserved =
      (name === 'cpu' ? sizes.embedBytes : 0) + (name === visionDevice ? visionCost(sizes) : 0)
    return { name, budget: known.get(name) ?? 0, reserved, isCpu: name === 'cpu' }
  })
  switch (mode) {
    case 'map':
      return []
    case 'auto':
      return assignAuto(sizes, slots, context, visionDevice === undefined)
    case 'split':
      return assignByRatios(order, request.split ?? [], sizes.layers)
    case 'gpu-layers':
      return assignGpuLayers(
        sizes.layers,
        request.gpuLayers ?? 0,
        slots.filter((slot) => !slot.isCpu),
        'cpu',
        request.split
      )
  }
}

/** Contiguous runs of one device (of one slot, when `slots` numbers them) become one stage each. */
export function stagesOf(
  assignment: readonly string[],
  slots: readonly string[] = assignment
): PlannedStage[] {
  const stages: PlannedStage[] = []
  assignment.forEach((device, layer) => {
    const current = stages.at(-1)
    if (current && current.device === device && slots[layer] === slots[layer - 1])
      current.layers[1] = layer + 1
    else stages.push({ device, layers: [layer, layer + 1], isLast: false })
  })
  if (stages.length > 0) stages[stages.length - 1].isLast = true
  return stages
}

function usageOf(
  sizes: ModelSizes,
  layerDevices: readonly string[],
  stageDevices: readonly string[],
  head: string,
  context: number,
  known: ReadonlyMap<string, number>,
  order: readonly string[]
): Map<string, DeviceUsage> {
  const usage = new Map<string, DeviceUsage>()
  for (const name of new Set([...order, ...layerDevices, 'cpu'])) {
    usage.set(name, {
      device: name,
      weightsBytes: 0,
      kvBytes: 0,
      workBytes: 0,
      totalBytes: 0,
      budgetBytes: known.get(name) ?? 0
    })
  }
  const cpu = usage.get('cpu')
  if (cpu) cpu.weightsBytes += sizes.embedBytes
  // Stages on one thread-run device share working buffers; stage processes (two stages on one
  // adapter are two processes) each have their own.
  stageDevices.forEach((name, i) => {
    const entry = usage.get(name)
    if (entry && (runsStageProcesses(name) || stageDevices.indexOf(name) === i))
      entry.workBytes += stageWorkBytes(sizes, context)
  })
  layerDevices.forEach((name, layer) => {
    const entry = usage.get(name)
    if (!entry) return
    entry.weightsBytes += sizes.layerWeightBytes[layer]
    entry.kvBytes += layerKvBytes(sizes, context)
  })
  const headEntry = usage.get(head)
  if (headEntry) {
    headEntry.weightsBytes += sizes.headBytes
    headEntry.workBytes += headCost(sizes) - sizes.headBytes
  }
  for (const entry of usage.values())
    entry.totalBytes = entry.weightsBytes + entry.kvBytes + entry.workBytes
  return usage
}

/** "GPU 0 if it has headroom, else CPU" (ORT-RUNTIME.md §7.4): the first device with room. */
function pickVisionDevice(
  sizes: ModelSizes,
  usage: ReadonlyMap<string, DeviceUsage>,
  order: readonly string[],
  context: number
): string {
  const candidates = [...order.filter((name) => name !== 'cpu'), 'cpu']
  const fits = candidates.find((name) => {
    const entry = usage.get(name)
    return entry !== undefined && entry.totalBytes + visionCost(sizes) <= entry.budgetBytes
  })
  if (fits) return fits
  const cpu = usage.get('cpu')
  const needed = (cpu?.totalBytes ?? 0) + visionCost(sizes)
  throw shortOf(
    'cpu',
    needed,
    cpu?.budgetBytes ?? 0,
    'the decoder share and the vision tower',
    context
  )
}

function addVision(
  sizes: ModelSizes,
  usage: Map<string, DeviceUsage>,
  device: string,
  known: ReadonlyMap<string, number>
): void {
  const entry = usage.get(device) ?? {
    device,
    weightsBytes: 0,
    kvBytes: 0,
    workBytes: 0,
    totalBytes: 0,
    budgetBytes: known.get(device) ?? 0
  }
  entry.weightsBytes += sizes.visionBytes
  entry.workBytes += sizes.visionWorkBytes
  entry.totalBytes = entry.weightsBytes + entry.kvBytes + entry.workBytes
  usage.set(device, entry)
}

/** Where each device's memory figure and buffer limit come from, for the plan's rows. */
function describeMemory(usage: Map<string, DeviceUsage>, budgets: readonly DeviceBudget[]): void {
  for (const budget of budgets) {
    const entry = usage.get(formatDevice(budget.device))
    if (!entry) continue
    if (budget.memorySource) entry.memorySource = budget.memorySource
    if (budget.bufferLimit) entry.bufferLimit = budget.bufferLimit
  }
}

function bufferLimits(budgets: readonly DeviceBudget[]): Map<string, BufferLimit> {
  const limits = new Map<string, BufferLimit>()
  for (const budget of budgets)
    if (budget.bufferLimit) limits.set(formatDevice(budget.device), budget.bufferLimit)
  return limits
}

function checkFit(usage: ReadonlyMap<string, DeviceUsage>, context: number): void {
  for (const entry of usage.values()) {
    if (entry.totalBytes > entry.budgetBytes) {
      throw shortOf(
        entry.device,
        entry.totalBytes,
        entry.budgetBytes,
        'its share of the model',
        context
      )
    }
  }
}

function runsStageProcesses(name: string): boolean {
  return backendOf(parseDevice(name).kind).stageProcess !== undefined
}
