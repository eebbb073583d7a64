// The message protocol between the host thread and a device worker (stage-worker.ts): one zod
// schema per direction, checked on the receiving side. Calls carry an id and get one reply;
// sequence bookkeeping (open/fork/truncate/close) is fire-and-forget and ordered by the channel.
import { z } from 'zod'
import { deviceRefSchema as deviceSchema } from '../devices/device-ref'
import { floats, stageWireInputSchema } from './stage-wire'

const int32s = z.custom<Int32Array>(
  (value) => value instanceof Int32Array,
  'expected an Int32Array'
)
const layerRange = z.tuple([z.number().int().min(0), z.number().int().min(1)])

const call = z.number().int()
const stage = z.number().int()
const seq = z.number().int()

export const toWorkerSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('load-stage'),
    call,
    stage,
    pkgDir: z.string(),
    spec: z.object({ layers: layerRange, device: deviceSchema, isLast: z.boolean() }),
    threads: z.number().int().positive(),
    /** CreateStageOptions.deviceTopK; absent: the stage's own default. */
    deviceTopK: z.boolean().optional()
  }),
  z.object({ kind: z.literal('forward'), call, stage, seq, input: stageWireInputSchema }),
  /** The logits a last stage kept from its last 'top-k' step of `seq` (the rare fallback). */
  z.object({ kind: z.literal('full-logits'), call, stage, seq }),
  z.object({ kind: z.literal('open'), stage, seq }),
  z.object({ kind: z.literal('fork'), stage, from: seq, to: seq }),
  z.object({ kind: z.literal('truncate'), stage, seq, length: z.number().int().min(0) }),
  z.object({ kind: z.literal('close'), stage, seq }),
  z.object({ kind: z.literal('dispose-stage'), call, stage }),
  z.object({
    kind: z.literal('load-vision'),
    call,
    part: z.number().int(),
    graphPath: z.string(),
    device: deviceSchema,
    threads: z.number().int().positive()
  }),
  z.object({
    kind: z.literal('run-vision'),
    call,
    part: z.number().int(),
    input: floats,
    dims: z.array(z.number().int().positive()),
    inputName: z.string(),
    outputName: z.string()
  }),
  z.object({ kind: z.literal('dispose-vision'), call, part: z.number().int() }),
  /** Sends a step's input and gets its hidden back, touching no session: the IPC bench. */
  z.object({ kind: z.literal('echo'), call, input: stageWireInputSchema })
])

export type ToWorker = z.infer<typeof toWorkerSchema>

export const remoteErrorSchema = z.object({
  name: z.string(),
  code: z.string().optional(),
  message: z.string()
})
export type RemoteError = z.infer<typeof remoteErrorSchema>

export const stageOutputSchema = z.object({
  hidden: floats.optional(),
  logits: floats.optional(),
  nextId: z.number().int().nonnegative().optional(),
  top: z
    .object({ values: floats, ids: int32s })
    .refine((top) => top.values.length === top.ids.length, 'top values and ids differ in length')
    .optional()
})
export const fullLogitsSchema = floats
export const visionOutputSchema = z.object({ output: floats, dims: z.array(z.number().int()) })

export const fromWorkerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ready') }),
  z.object({ kind: z.literal('result'), call, value: z.unknown() }),
  z.object({ kind: z.literal('error'), call: call.nullable(), error: remoteErrorSchema }),
  z.object({
    kind: z.literal('progress'),
    call,
    done: z.number(),
    total: z.number(),
    message: z.string()
  })
])

export type FromWorker = z.infer<typeof fromWorkerSchema>

/** Buffers a message may hand over without copying. */
export function transferablesOf(values: readonly (Float32Array | undefined)[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>()
  for (const value of values) {
    if (
      value &&
      value.buffer instanceof ArrayBuffer &&
      value.byteOffset === 0 &&
      value.byteLength === value.buffer.byteLength
    ) {
      buffers.add(value.buffer)
    }
  }
  return [...buffers]
}
