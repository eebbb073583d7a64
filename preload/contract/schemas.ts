// Shared zod schemas for values that cross the renderer -> main boundary (generation settings,
// ids). Main parses every request with these; the renderer imports only their types.
import { z } from 'zod'
import {
  clampOptions,
  refuseOption,
  type GenerationOptionKey,
  type GenerationOptions
} from './generation-options'
import { ID_PATTERN } from './ids'

export const IdSchema = z.string().regex(ID_PATTERN, 'not a valid id')
export const AttachmentIdSchema = z.string().regex(/^[a-f0-9]{64}$/, 'not a valid attachment id')
/** An export folder's name: letters, digits and dashes only, so it can never leave its folder. */
export const ExportNameSchema = z.string().regex(/^[\p{L}\p{N}-]{1,100}$/u, 'not an export name')

/** Marks a zod issue whose message names its field in words a user reads (the router shows it
 * as it is, without the route and path in front). */
export const READABLE_ISSUE = { readable: true } as const

function optionSchema<K extends GenerationOptionKey>(key: K) {
  return z.custom<GenerationOptions[K]>((value) => refuseOption(key, value) === null, {
    error: (issue) => refuseOption(key, issue.input)?.message,
    params: READABLE_ISSUE
  })
}

/** The generation options with their ranges (preload/contract/generation-options.ts). */
export const GenerationOptionsSchema = z.strictObject({
  doSample: optionSchema('doSample'),
  temperature: optionSchema('temperature'),
  topK: optionSchema('topK'),
  topP: optionSchema('topP'),
  repetitionPenalty: optionSchema('repetitionPenalty'),
  numBeams: optionSchema('numBeams'),
  maxNewTokens: optionSchema('maxNewTokens'),
  seed: optionSchema('seed')
}) satisfies z.ZodType<GenerationOptions>

/**
 * Options as files of older versions recorded them, when the ranges were wider: only their
 * shape is checked, so an answer's record of how it was written always reads back.
 */
export const RecordedGenerationOptionsSchema = z.strictObject({
  doSample: z.boolean(),
  temperature: z.number(),
  topK: z.number(),
  topP: z.number(),
  repetitionPenalty: z.number(),
  numBeams: z.number(),
  maxNewTokens: z.number(),
  seed: z.number()
}) satisfies z.ZodType<GenerationOptions>

export const ChatSettingsSchema = z.strictObject({
  options: GenerationOptionsSchema,
  system: z.string().max(20_000)
})

/** Chat settings as conversation files keep them: options saved under older, wider ranges come
 * back clamped into today's, so the values shown are the values used. */
export const StoredChatSettingsSchema = z.strictObject({
  options: RecordedGenerationOptionsSchema.transform(clampOptions),
  system: z.string().max(20_000)
})

export const ChatSettingsPatchSchema = z.strictObject({
  options: GenerationOptionsSchema.partial().optional(),
  system: z.string().max(20_000).optional()
})

export const AppSettingsSchema = z.strictObject({
  language: z.enum(['en', 'zh']).nullable(),
  theme: z.enum(['light', 'dark', 'system']),
  modelPackage: z.string().nullable(),
  /** What a new conversation starts with (absent in older settings files: the seed's). */
  chatDefaults: ChatSettingsSchema.optional()
})

export const FRAME_COUNT_LIMITS = { min: 1, max: 64, default: 32 } as const
export const FrameCountSchema = z
  .number()
  .int()
  .min(FRAME_COUNT_LIMITS.min)
  .max(FRAME_COUNT_LIMITS.max)
