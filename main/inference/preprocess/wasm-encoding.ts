// Just enough of the WebAssembly binary format to assemble exported functions that work on an
// imported memory: LEB128 numbers, sections, and the opcodes the resize kernels use.

export const I32 = 0x7f
export const V128 = 0x7b

export function unsignedLeb(value: number): number[] {
  const bytes: number[] = []
  let rest = value >>> 0
  do {
    const byte = rest & 0x7f
    rest >>>= 7
    bytes.push(rest === 0 ? byte : byte | 0x80)
  } while (rest !== 0)
  return bytes
}

export function signedLeb(value: number): number[] {
  const bytes: number[] = []
  let rest = value | 0
  for (;;) {
    const byte = rest & 0x7f
    rest >>= 7
    const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0)
    bytes.push(done ? byte : byte | 0x80)
    if (done) return bytes
  }
}

function section(id: number, body: number[]): number[] {
  return [id, ...unsignedLeb(body.length), ...body]
}

function name(text: string): number[] {
  return [...unsignedLeb(text.length), ...Array.from(text, (c) => c.charCodeAt(0))]
}

export const get = (i: number): number[] => [0x20, i]
export const set = (i: number): number[] => [0x21, i]
export const tee = (i: number): number[] => [0x22, i]
export const i32Const = (v: number): number[] => [0x41, ...signedLeb(v)]
export const i32Load = [0x28, 0x02, 0x00]
export const simd = (op: number): number[] => [0xfd, ...unsignedLeb(op)]
export const ADD = 0x6a
export const MUL = 0x6c
export const GE_U = 0x4f
export const GE_S = 0x4e
export const BLOCK = [0x02, 0x40]
export const LOOP = [0x03, 0x40]
export const END_OP = 0x0b
export const brIf = (depth: number): number[] => [0x0d, depth]
export const br = (depth: number): number[] => [0x0c, depth]
export const increment = (local: number, by: number): number[] => [
  ...get(local),
  ...i32Const(by),
  ADD,
  ...set(local)
]

/** `load`/`store` immediates: alignment hint 0 (always valid) and a constant byte offset. */
export const memarg = (offset = 0): number[] => [0x00, ...unsignedLeb(offset)]

export interface WasmFunction {
  name: string
  /** Number of i32 parameters; the function returns nothing. */
  params: number
  /** Local declarations followed by the body, ending with END_OP. */
  code: number[]
}

// The most pages a 32-bit memory can have (4 GiB); a shared memory must declare a maximum.
const MAX_PAGES = 65536

/**
 * A module importing `env.memory` (a shared one, which threads can use at once, when `shared`)
 * and exporting `functions` under their names.
 */
export function wasmModule(functions: WasmFunction[], shared = false): Uint8Array {
  const types = functions.flatMap((f) => [
    0x60,
    f.params,
    ...new Array<number>(f.params).fill(I32),
    0x00
  ])
  const limits = shared ? [0x03, 0x01, ...unsignedLeb(MAX_PAGES)] : [0x00, 0x01]
  const memoryImport = [0x01, ...name('env'), ...name('memory'), 0x02, ...limits]
  const declarations = functions.map((_, i) => i)
  const exports = functions.flatMap((f, i) => [...name(f.name), 0x00, i])
  const bodies = functions.flatMap((f) => [...unsignedLeb(f.code.length), ...f.code])
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [functions.length, ...types]),
    ...section(2, memoryImport),
    ...section(3, [functions.length, ...declarations]),
    ...section(7, [functions.length, ...exports]),
    ...section(10, [functions.length, ...bodies])
  ])
}
