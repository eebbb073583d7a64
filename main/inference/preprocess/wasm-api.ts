// The part of the WebAssembly JS API the resize kernels use, typed here because the project's
// TypeScript libs omit it, and the runtime's implementation when it has one.

export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer
}

export type WasmModule = object

export interface WasmApi {
  validate(bytes: Uint8Array): boolean
  Module: new (bytes: Uint8Array) => WasmModule
  Instance: new (
    module: WasmModule,
    imports: { env: { memory: WasmMemory } }
  ) => { exports: Record<string, unknown> }
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory
}

/** A kernel export: pointers into the memory and sizes, all i32. */
export type Kernel = (...pointersAndSizes: number[]) => void

export const wasmApi: WasmApi | undefined = (globalThis as { WebAssembly?: WasmApi }).WebAssembly

/** Whether `value` is a WebAssembly.Module or WebAssembly.Memory of this runtime. */
export function isWasmObject(value: unknown, kind: 'Module' | 'Memory'): boolean {
  const constructor = wasmApi?.[kind]
  return constructor !== undefined && value instanceof constructor
}
