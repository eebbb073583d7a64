// Where the loaded model's decoder layers run, as the status area and the model panel show it:
// the one definition of that summary. Main parses the host's load result with it (the host's
// `info` is plain JSON, so its shape is checked here on arrival); the renderer imports the type.
import { z } from 'zod'

const LayerCountSchema = z.number().int().positive()

export const PlacementStageSchema = z
  .object({
    device: z.string().min(1),
    /** First layer and one past the last, as the engine's stages count them. */
    layers: z.tuple([z.number().int().nonnegative(), LayerCountSchema])
  })
  .refine((stage) => stage.layers[0] < stage.layers[1], 'a stage holds no layers')

/** Read out of the engine's description of a loaded model; its other fields are dropped. */
export const ModelPlacementSchema = z
  .object({
    /** Decoder layers of the whole model. */
    layers: LayerCountSchema,
    stages: z.array(PlacementStageSchema).min(1)
  })
  .refine(
    ({ layers, stages }) =>
      stages.every((stage, i) => stage.layers[0] === (i === 0 ? 0 : stages[i - 1].layers[1])) &&
      stages.at(-1)?.layers[1] === layers,
    'the stages do not cover the layers in order'
  )

export type PlacementStage = z.infer<typeof PlacementStageSchema>
export type ModelPlacement = z.infer<typeof ModelPlacementSchema>

/** The placement in a host's description of the model it loaded; null when it names none. */
export function placementFromInfo(info: unknown): ModelPlacement | null {
  const parsed = ModelPlacementSchema.safeParse(info)
  return parsed.success ? parsed.data : null
}
