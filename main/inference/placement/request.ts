// The zod contract of a PlacementRequest (it crosses the host boundary inside the engine's load
// options) and the step that turns a device listing plus a request into a checked plan.
import { z } from 'zod'
import type { DeviceListing } from '../devices/list-devices'
import { PlacementError } from './errors'
import { placementMapSchema } from './map'
import { planPlacement } from './planner'
import type { DeviceBudget, ModelSizes, PlacementPlan, PlacementRequest } from './types'

export const placementRequestSchema = z.strictObject({
  devices: z.array(z.string().min(1)).min(1).optional(),
  split: z.array(z.number().nonnegative()).min(1).optional(),
  gpuLayers: z.number().int().nonnegative().optional(),
  map: placementMapSchema.optional(),
  vision: z.string().min(1).optional(),
  context: z.number().int().positive().optional()
})

export function parsePlacementRequest(value: unknown): PlacementRequest {
  const parsed = placementRequestSchema.safeParse(value ?? {})
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new PlacementError(
      'BAD_REQUEST',
      `placement request: ${issue.path.join('.') || '(root)'}: ${issue.message}`
    )
  }
  return parsed.data
}

/** Budgets of the usable devices; named devices that exist but cannot run say why. */
export function planOnDevices(
  sizes: ModelSizes,
  listing: DeviceListing,
  request: PlacementRequest
): PlacementPlan {
  const named = [
    ...(request.devices ?? []),
    ...(request.vision ? [request.vision] : []),
    ...(request.map?.stages.map((stage) => stage.device) ?? [])
  ]
  for (const name of named) {
    const info = listing.devices.find((device) => device.id === name.trim().toLowerCase())
    if (info && !info.usable)
      throw new PlacementError(
        'UNKNOWN_DEVICE',
        `${info.id} cannot be used: ${info.reason ?? 'unusable'}`
      )
  }
  const budgets: DeviceBudget[] = listing.devices
    .filter((device) => device.usable)
    .map((device) => ({
      device: { kind: device.kind, index: device.index },
      budgetBytes: device.budgetBytes,
      memorySource: device.memorySource,
      ...(device.limits
        ? {
            bufferLimit: {
              bytes: device.limits.maxBufferSize,
              source: `adapter limits: ${device.limits.source}`
            }
          }
        : {})
    }))
  const withDefaults =
    request.devices || request.map ? request : { ...request, devices: listing.defaultOrder }
  return planPlacement(sizes, budgets, withDefaults)
}
