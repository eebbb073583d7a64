// The explicit placement map (`--map FILE`): its JSON schema and the checks that its layer
// ranges cover the decoder exactly once, in order, on known devices.
import { z } from 'zod'
import { deviceNameHint } from '../devices/backends/registry'
import { formatDevice, parseDevice } from '../devices/device-ref'
import { PlacementError } from './errors'
import type { PlacementMap, PlannedStage } from './types'

export const placementMapSchema = z.object({
  stages: z
    .array(
      z.object({
        layers: z.tuple([z.number().int().min(0), z.number().int().min(1)]),
        device: z.string().min(1)
      })
    )
    .min(1),
  vision: z.string().min(1).optional(),
  head: z.string().min(1).optional()
})

export function parsePlacementMap(json: unknown, source: string): PlacementMap {
  const parsed = placementMapSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new PlacementError(
      'bad-map',
      `${source} is not a placement map: ${issue.path.join('.') || '(root)'}: ${issue.message}`
    )
  }
  return parsed.data
}

export function checkMap(
  map: PlacementMap,
  layers: number,
  known: ReadonlyMap<string, number>
): PlannedStage[] {
  let next = 0
  const stages = map.stages.map((stage, i) => {
    const [from, to] = stage.layers
    if (from !== next || to <= from) {
      throw new PlacementError(
        'bad-map',
        `map stage ${i} covers layers [${from}, ${to}) but must start at layer ${next} and hold at least one layer`
      )
    }
    next = to
    return {
      device: knownDevice(stage.device, known),
      layers: [from, to] as [number, number],
      isLast: false
    }
  })
  if (next !== layers)
    throw new PlacementError(
      'bad-map',
      `the map covers layers [0, ${next}) but the model has ${layers}`
    )
  stages[stages.length - 1].isLast = true
  const last = stages[stages.length - 1].device
  if (map.head !== undefined && knownDevice(map.head, known) !== last) {
    throw new PlacementError(
      'bad-map',
      `the head is fused into the last decoder segment, so it runs on ${last}; the map says ${map.head}`
    )
  }
  return stages
}

function knownDevice(name: string, known: ReadonlyMap<string, number>): string {
  let text: string
  try {
    text = formatDevice(parseDevice(name))
  } catch {
    throw new PlacementError(
      'bad-map',
      `"${name}" in the map is not a device name (${deviceNameHint()})`
    )
  }
  if (!known.has(text))
    throw new PlacementError(
      'unknown-device',
      `the map uses ${text}, which is not available here (available: ${[...known.keys()].join(', ')})`
    )
  return text
}
