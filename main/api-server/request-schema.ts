// The body of POST /v1/chat/completions as we accept it: OpenAI's fields that we honour (some
// only at their no-op values, checked in generation-mapping.ts), plus the extra fields llama.cpp
// and vLLM accept (repetition_penalty, top_k) and num_beams. Any other field is refused by name,
// so no parameter is ever ignored silently.
import { z } from 'zod'
import { OpenAiError, unsupported } from './openai-error'

const TextPart = z.strictObject({ type: z.literal('text'), text: z.string() })
const ImagePart = z.strictObject({
  type: z.literal('image_url'),
  image_url: z.strictObject({
    url: z.string(),
    // OpenAI's resolution hint; every image becomes 224x224 here, so only auto is honest.
    detail: z.enum(['auto', 'low', 'high']).optional()
  })
})
/** Our extension: a video sampled into `frames` frames by the seed's rule (default 32). */
const VideoPart = z.strictObject({
  type: z.literal('video_url'),
  video_url: z.strictObject({ url: z.string(), frames: z.number().optional() })
})
export const ContentPartSchema = z.discriminatedUnion('type', [TextPart, ImagePart, VideoPart])
export type ContentPart = z.infer<typeof ContentPartSchema>

const Content = z.union([z.string(), z.array(ContentPartSchema)])

export const MessageSchema = z.discriminatedUnion('role', [
  z.strictObject({ role: z.literal('system'), content: Content }),
  z.strictObject({ role: z.literal('developer'), content: Content }),
  z.strictObject({ role: z.literal('user'), content: Content }),
  z.strictObject({ role: z.literal('assistant'), content: Content })
])
export type Message = z.infer<typeof MessageSchema>

const Stop = z.union([z.string(), z.array(z.string()).max(4)]).nullable()
const OptionalNumber = z.number().nullable().optional()

export const ChatCompletionRequestSchema = z.object({
  model: z.string().min(1),
  messages: z.array(MessageSchema).min(1),
  stream: z.boolean().nullable().optional(),
  stream_options: z.strictObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  temperature: OptionalNumber,
  top_p: OptionalNumber,
  top_k: OptionalNumber,
  max_tokens: OptionalNumber,
  max_completion_tokens: OptionalNumber,
  stop: Stop.optional(),
  seed: OptionalNumber,
  n: OptionalNumber,
  frequency_penalty: OptionalNumber,
  presence_penalty: OptionalNumber,
  repetition_penalty: OptionalNumber,
  num_beams: OptionalNumber,
  /** The end user's name, shown in the request log. */
  user: z.string().max(256).optional(),
  // Accepted only at values that change nothing; anything else is refused in the mapping.
  logprobs: z.boolean().nullable().optional(),
  response_format: z.object({ type: z.string() }).nullable().optional(),
  tools: z.array(z.unknown()).nullable().optional(),
  tool_choice: z.unknown().optional(),
  parallel_tool_calls: z.boolean().nullable().optional(),
  logit_bias: z.record(z.string(), z.number()).nullable().optional()
})
export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequestSchema>

const KNOWN = new Set(Object.keys(ChatCompletionRequestSchema.shape))

const WHY_NOT: Readonly<Record<string, string>> = {
  functions: 'this model has no function calling',
  function_call: 'this model has no function calling',
  top_logprobs: 'log probabilities are not returned',
  audio: 'this model reads images and video, not audio',
  modalities: 'the model answers in text only',
  prediction: 'predicted outputs are not implemented',
  reasoning_effort: 'this is not a reasoning model',
  web_search_options: 'there is no web search',
  store: 'completions are not stored',
  metadata: 'completions are not stored',
  service_tier: 'there is one local service tier'
}

/** Parses the body; an unknown field or a malformed one is a 400 naming it. */
export function parseChatRequest(body: unknown): ChatCompletionRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new OpenAiError(400, 'The request body must be a JSON object', null, 'invalid_body')
  }
  for (const key of Object.keys(body)) {
    if (!KNOWN.has(key)) throw unsupported(key, WHY_NOT[key] ?? 'this server does not know it')
  }
  const parsed = ChatCompletionRequestSchema.safeParse(body)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const param = issue.path.map(String).join('.')
  throw new OpenAiError(
    400,
    `Invalid ${param || 'body'}: ${issue.message}`,
    param || null,
    'invalid_value'
  )
}
