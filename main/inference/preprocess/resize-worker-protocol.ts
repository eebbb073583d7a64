// Messages from the resize code to its helper thread (resize-worker.ts), validated there. The
// helper answers through the shared memory, not by message: it stores the job number at
// `doneAt` (or its negative when the kernel failed) and wakes the waiting thread.
import { z } from 'zod'
import { isWasmObject } from './wasm-api'
import type { WasmMemory, WasmModule } from './wasm-api'

const Pointer = z.number().int().nonnegative()

export const ResizeHelperMessageSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('bind'),
    module: z.custom<WasmModule>((value) => isWasmObject(value, 'Module')),
    memory: z.custom<WasmMemory>((value) => isWasmObject(value, 'Memory')),
    doneAt: Pointer
  }),
  z.object({ kind: z.literal('release') }),
  z.object({
    kind: z.literal('hpass'),
    job: z.number().int().positive(),
    args: z.array(Pointer).length(10)
  })
])

export type ResizeHelperMessage = z.infer<typeof ResizeHelperMessageSchema>
