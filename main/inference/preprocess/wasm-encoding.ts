// Just enough of the WebAssembly binary format to assemble one exported function that works
// on an imported memory: LEB128 numbers, sections, and the opcodes the resize kernel uses.

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

/**
 * A module importing `env.memory` and exporting `exportName`, a function of `params` i32
 * parameters and no result; `code` is the function's local declarations and body.
 */
export function wasmModule(exportName: string, params: number, code: number[]): Uint8Array {
  const type = [0x01, 0x60, params, ...new Array<number>(params).fill(I32), 0x00]
  const memoryImport = [0x01, ...name('env'), ...name('memory'), 0x02, 0x00, 0x01]
  const functionBody = [...unsignedLeb(code.length), ...code]
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, type),
    ...section(2, memoryImport),
    ...section(3, [0x01, 0x00]),
    ...section(7, [0x01, ...name(exportName), 0x00, 0x00]),
    ...section(10, [0x01, ...functionBody])
  ])
}
