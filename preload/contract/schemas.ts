// Shared zod schemas for values that cross the renderer -> main boundary (generation settings,
// ids). Main parses every request with these; the renderer imports only their types.
import { z } from 'zod'

export const IdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, 'not a valid id')
export const AttachmentIdSchema = z.string().regex(/^[a-f0-9]{64}$/, 'not a valid attachment id')
/** An export folder's name: letters, digits and dashes only, so it can never leave its folder. */
export const ExportNameSchema = z.string().regex(/^[\p{L}\p{N}-]{1,100}$/u, 'not an export name')

/** The seed's generation options (MODEL-SPEC §8.1), bounded as the seed's web UI bounds them. */
export const GenerationOptionsSchema = z.strictObject({
  doSample: z.boolean(),
  temperature: z.number().min(0.01).max(5),
  topK: z.number().int().min(0).max(1000),
  topP: z.number().gt(0).lte(1),
  repetitionPenalty: z.number().min(0.5).max(3),
  numBeams: z.number().int().min(1).max(10),
  maxNewTokens: z.number().int().min(1).max(8192),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
})

export const ChatSettingsSchema = z.strictObject({
  options: GenerationOptionsSchema,
  system: z.string().max(20_000)
})

export const ChatSettingsPatchSchema = z.strictObject({
  options: GenerationOptionsSchema.partial().optional(),
  system: z.string().max(20_000).optional()
})

export const AppSettingsSchema = z.strictObject({
  language: z.enum(['en', 'zh']).nullable(),
  theme: z.enum(['light', 'dark', 'system']),
  modelPackage: z.string().nullable()
})

export const FRAME_COUNT_LIMITS = { min: 1, max: 64, default: 32 } as const
export const FrameCountSchema = z
  .number()
  .int()
  .min(FRAME_COUNT_LIMITS.min)
  .max(FRAME_COUNT_LIMITS.max)
