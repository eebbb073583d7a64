// The versioned main <-> model-host protocol: every frame either side may send, as zod schemas
// checked on arrival by the receiver. Values are plain structured-clone data only (no classes,
// functions or Electron types), so the same frames travel over Node IPC ('advanced'
// serialization) and Electron's utilityProcess ports.
import { z } from 'zod'
import { GenerationOptionsSchema } from '../../preload/contract/schemas'
import { REMOTE_ERROR_CODES } from './errors'

export const PROTOCOL_VERSION = 1

const version = z.literal(PROTOCOL_VERSION)
const requestId = z.number().int().nonnegative()

export const MediaItemSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('image'), path: z.string().min(1) }),
  z.strictObject({
    kind: z.literal('video'),
    path: z.string().min(1),
    frames: z.number().int().min(1).optional()
  })
])

export const ChatTurnSchema = z.strictObject({
  query: z.string(),
  media: z.array(MediaItemSchema),
  response: z.string().optional()
})

export const GenerateRequestSchema = z.strictObject({
  conversationId: z.string().min(1),
  system: z.string(),
  turns: z.array(ChatTurnSchema).min(1),
  options: GenerationOptionsSchema
})

export const MediaReceiptSchema = z.strictObject({
  turn: z.number().int().nonnegative(),
  index: z.number().int().nonnegative(),
  kind: z.enum(['image', 'video']),
  images: z.number().int().nonnegative(),
  imageTokens: z.number().int().nonnegative(),
  inPrompt: z.boolean()
})

export const GenerationStatsSchema = z.strictObject({
  promptTokens: z.number().int().nonnegative(),
  prefillTokens: z.number().int().nonnegative(),
  generatedTokens: z.number().int().nonnegative(),
  msToFirstToken: z.number().nonnegative(),
  prefillTokensPerSec: z.number().nonnegative(),
  decodeTokensPerSec: z.number().nonnegative(),
  imageEncodeMs: z.number().nonnegative(),
  stopReason: z.enum(['stop-token', 'max-new-tokens', 'cancelled']),
  media: z.array(MediaReceiptSchema).readonly()
})

export const GenerateResultSchema = z.strictObject({
  ids: z.array(z.number().int().nonnegative()),
  text: z.string(),
  stats: GenerationStatsSchema
})

export type JsonValue = z.infer<ReturnType<typeof z.json>>

/** Placement is owned by the placement code; the host only checks that it is plain JSON data. */
export const PlacementSchema = z.json()

export const LoadProgressSchema = z.strictObject({
  phase: z.string(),
  done: z.number().nonnegative(),
  total: z.number().nonnegative(),
  message: z.string().optional()
})

export const LoadResultSchema = z.strictObject({
  packagePath: z.string(),
  /** True when the package holds random demo weights. */
  demo: z.boolean(),
  loadMs: z.number().nonnegative(),
  /** Engine-specific description of the loaded model (plain data). */
  info: z.json()
})

export const HostStatusSchema = z.strictObject({
  pid: z.number().int(),
  state: z.enum(['empty', 'loading', 'ready']),
  packagePath: z.string().nullable(),
  placement: z.json().nullable(),
  /** Requests waiting behind the running one. */
  queued: z.number().int().nonnegative(),
  busy: z.boolean(),
  memory: z.strictObject({
    rss: z.number(),
    heapUsed: z.number(),
    external: z.number(),
    arrayBuffers: z.number()
  })
})

export const EncodeMediaParamsSchema = z.strictObject({ media: z.array(MediaItemSchema).min(1) })
export const EncodeMediaResultSchema = z.strictObject({
  images: z.number().int().nonnegative(),
  ms: z.number().nonnegative()
})

const empty = z.strictObject({})

/** Every request: its params (checked by the host) and its result (checked by the client). */
export const METHODS = {
  load: {
    params: z.strictObject({ packagePath: z.string().min(1), placement: PlacementSchema }),
    result: LoadResultSchema
  },
  unload: { params: empty, result: empty },
  status: { params: empty, result: HostStatusSchema },
  devices: { params: empty, result: z.strictObject({ devices: z.array(z.json()) }) },
  encodeMedia: { params: EncodeMediaParamsSchema, result: EncodeMediaResultSchema },
  generate: { params: GenerateRequestSchema, result: GenerateResultSchema }
} as const

export type MethodName = keyof typeof METHODS
export const METHOD_NAMES = Object.keys(METHODS) as MethodName[]
export type MethodParams<M extends MethodName> = z.infer<(typeof METHODS)[M]['params']>
export type MethodResult<M extends MethodName> = z.infer<(typeof METHODS)[M]['result']>

export const HostEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('loadProgress'), progress: LoadProgressSchema }),
  z.strictObject({ type: z.literal('delta'), text: z.string() }),
  z.strictObject({ type: z.literal('stats'), stats: GenerationStatsSchema })
])
export type HostEvent = z.infer<typeof HostEventSchema>

export const RemoteErrorSchema = z.strictObject({
  code: z.enum(REMOTE_ERROR_CODES),
  message: z.string(),
  engineCode: z.string().optional()
})
export type RemoteError = z.infer<typeof RemoteErrorSchema>

/** Frames main -> host. Params are checked again per method once the frame parses. */
export const ParentFrameSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    v: version,
    kind: z.literal('request'),
    id: requestId,
    method: z.enum(METHOD_NAMES as [MethodName, ...MethodName[]]),
    params: z.unknown()
  }),
  z.strictObject({ v: version, kind: z.literal('cancel'), id: requestId }),
  z.strictObject({ v: version, kind: z.literal('ping'), seq: z.number().int() }),
  z.strictObject({ v: version, kind: z.literal('shutdown') })
])
export type ParentFrame = z.infer<typeof ParentFrameSchema>

/** Frames host -> main. Results are checked again against the method the client asked for. */
export const HostFrameSchema = z.discriminatedUnion('kind', [
  z.strictObject({ v: version, kind: z.literal('ready'), pid: z.number().int() }),
  z.strictObject({ v: version, kind: z.literal('event'), id: requestId, event: HostEventSchema }),
  z.strictObject({ v: version, kind: z.literal('result'), id: requestId, result: z.unknown() }),
  z.strictObject({ v: version, kind: z.literal('error'), id: requestId, error: RemoteErrorSchema }),
  z.strictObject({ v: version, kind: z.literal('pong'), seq: z.number().int() }),
  z.strictObject({
    v: version,
    kind: z.literal('log'),
    level: z.enum(['debug', 'info', 'warn', 'error']),
    message: z.string()
  }),
  /** The host could not make sense of a frame that carried no usable request id. */
  z.strictObject({ v: version, kind: z.literal('protocolError'), message: z.string() })
])
export type HostFrame = z.infer<typeof HostFrameSchema>

/** Short readable summary of a zod failure, for PROTOCOL_ERROR / BAD_REQUEST messages. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(frame)'}: ${issue.message}`)
    .join('; ')
}
