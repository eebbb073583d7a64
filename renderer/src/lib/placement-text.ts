// How the loaded model's placement reads: short for the status area ("cpu" for one stage,
// "webgpu 20 layers · cpu 12 layers" for a split) and in full for its hover text and the model
// panel ("Placement: layers 0–19 on webgpu, layers 20–31 on cpu"). Device names stay as the
// engine spells them, as in the placement preview.
import type { ModelPlacement } from '../../../preload/contract/model-placement'

type Translate = (key: string, values?: Record<string, unknown>) => string

export function placementShort(placement: ModelPlacement, t: Translate): string {
  const { stages } = placement
  if (stages.length === 1) return stages[0].device
  return stages
    .map((stage) =>
      t('model.placement.stage', {
        device: stage.device,
        count: stage.layers[1] - stage.layers[0]
      })
    )
    .join(' · ')
}

export function placementDetail(placement: ModelPlacement, t: Translate): string {
  const stages = placement.stages.map((stage) =>
    t('model.placement.stageLayers', {
      device: stage.device,
      first: stage.layers[0],
      last: stage.layers[1] - 1,
      count: stage.layers[1] - stage.layers[0]
    })
  )
  return t('model.placement.detail', { stages: stages.join(t('model.placement.separator')) })
}
