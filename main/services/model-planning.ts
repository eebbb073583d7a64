// The model panel's engine-side helpers: the placement preview (package sizes + this machine's
// devices + the user's split -> per-device bars) and converting the seed's files into a package.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type {
  ModelPackageEntry,
  PlacementBar,
  PlacementPreview
} from '../../preload/contract/types'
import { ServiceError } from './service-error'
import { convertModel } from '../inference/convert/convert'
import { listDevices } from '../inference/devices/list-devices'
import { MppError } from '../shared/errors'
import { MANIFEST_FILE, manifestSchema, type PackageDtype } from '../inference/package/manifest'
import { planOnDevices } from '../inference/placement/request'
import { modelSizesFromManifest } from '../inference/placement/sizes'

async function readManifest(packagePath: string): Promise<ReturnType<typeof manifestSchema.parse>> {
  const text = await readFile(join(packagePath, MANIFEST_FILE), 'utf8').catch(() => null)
  if (text === null) throw new ServiceError('NOT_FOUND', `${packagePath} has no ${MANIFEST_FILE}`)
  const parsed = manifestSchema.safeParse(JSON.parse(text))
  if (!parsed.success)
    throw new ServiceError('BAD_INPUT', `${packagePath}: the manifest is not valid`)
  return parsed.data
}

export async function previewPlacement(
  packagePath: string,
  split?: number[]
): Promise<PlacementPreview> {
  const sizes = modelSizesFromManifest(await readManifest(packagePath))
  const listing = await listDevices()
  let plan
  try {
    plan = planOnDevices(sizes, listing, split?.length ? { split } : {})
  } catch (error) {
    if (error instanceof MppError)
      throw new ServiceError('BAD_INPUT', error.message, { cause: error })
    throw error
  }
  const bars: PlacementBar[] = plan.devices.map((usage) => {
    const stages = plan.stages.filter((stage) => stage.device === usage.device)
    const vision = plan.vision === usage.device ? sizes.visionBytes : 0
    return {
      device: usage.device,
      capacityBytes: usage.budgetBytes,
      weightsBytes: Math.max(0, usage.weightsBytes - vision),
      kvCacheBytes: usage.kvBytes,
      visionBytes: vision,
      layers: stages.length ? [stages[0].layers[0], stages[stages.length - 1].layers[1]] : null
    }
  })
  const summary = plan.stages
    .map((s) => `${s.device}: layers ${s.layers[0]}–${s.layers[1] - 1}`)
    .join(', ')
  return {
    bars,
    split: plan.stages.map((stage) => stage.layers[1] - stage.layers[0]),
    fits: true,
    summary: `${summary}; vision tower on ${plan.vision}; context ${plan.context}`
  }
}

export interface ConvertSources {
  readonly vit: string
  readonly blip2: string
  readonly llm: string
  readonly sft: string
  readonly dtype: PackageDtype
}

export async function convertSeedFiles(
  sources: ConvertSources,
  out: string,
  onProgress: (progress: { phase: string; done: number; total: number }) => void
): Promise<ModelPackageEntry> {
  const result = await convertModel({
    ...sources,
    out,
    onProgress: (p) => onProgress({ phase: p.label, done: p.done, total: p.total })
  })
  return { path: out, name: out.split(/[/\\]/).pop() ?? out, demo: result.manifest.demo === true }
}
