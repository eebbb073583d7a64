// The contract between the device probe (probe-backend.ts) and its child process
// (probe-child.ts): the session options to try go in as one JSON argument, one result comes back
// over the child's channel. Both sides validate what they receive.
import { z } from 'zod'

export const PROBE_ENTRY_FILE = 'device-probe.js'

/** Session options as plain JSON; ONNX Runtime checks their meaning when it creates the session. */
export const probeRequestSchema = z.object({
  sessionOptions: z.record(z.string(), z.unknown())
})
export type ProbeRequest = z.infer<typeof probeRequestSchema>

export const probeResultSchema = z.object({
  ok: z.boolean(),
  ms: z.number().optional(),
  error: z.string().optional()
})
export type ProbeResult = z.infer<typeof probeResultSchema>
