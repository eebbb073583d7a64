// What a child and its parent agree on before the first real message: the environment variables
// naming the parent's socket and the child's one-time credentials, and the hello frame that
// presents them.
import { z } from 'zod'

export const CHANNEL_ENV = {
  address: 'MPP_CHANNEL_ADDRESS',
  id: 'MPP_CHANNEL_ID',
  secret: 'MPP_CHANNEL_SECRET'
} as const

export const helloSchema = z.strictObject({
  kind: z.literal('hello'),
  id: z.string().min(1).max(64),
  secret: z.string().regex(/^[0-9a-f]{64}$/),
  pid: z.number().int().positive()
})
export type Hello = z.infer<typeof helloSchema>
