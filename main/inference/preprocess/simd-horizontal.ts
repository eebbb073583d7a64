// The horizontal resampling pass (the costly one when shrinking a photo) as a small WebAssembly
// SIMD function: one i32x4 lane per colour channel, two source rows per weight load, the same
// 22-bit integer sums and clipping as the plain JS pass, so results are identical. The module
// bytes are assembled here; without WebAssembly SIMD support the caller falls back to JS.

import {
  ADD,
  BLOCK,
  br,
  brIf,
  END_OP,
  GE_S,
  GE_U,
  get,
  I32,
  i32Const,
  i32Load,
  increment,
  LOOP,
  MUL,
  set,
  simd,
  tee,
  V128,
  wasmModule
} from './wasm-encoding'

// Parameters, then locals, by index.
const [SRC, STRIDE, ROWS, OUT_W, FIRST, COUNT, WEIGHTS, TAPS, DST] = [0, 1, 2, 3, 4, 5, 6, 7, 8]
const [Y, X, ROW_BASE, P, K, END, ACC, ACC2, WEIGHT] = [9, 10, 11, 12, 13, 14, 15, 16, 17]

// The lanes of `acc` as bytes: >> 22, then unsigned-saturating narrows to 16 and 8 bits, which
// clip to 0..255 exactly as clip8 does (the other narrow operands' lanes are discarded).
function clipped(acc: number): number[] {
  return [
    ...get(acc),
    ...i32Const(22),
    ...simd(0xac), // i32x4.shr_s
    ...get(acc),
    ...simd(0x86), // i16x8.narrow_i32x4_u
    ...get(acc),
    ...simd(0x66) // i8x16.narrow_i16x8_u
  ]
}

// Writes exactly three bytes (lanes 0-2 of the clipped sums) so no neighbour is overwritten.
function storeRgb(address: number[], acc: number): number[] {
  return [
    ...address,
    ...clipped(acc),
    ...tee(WEIGHT),
    ...simd(0x59), // v128.store16_lane: bytes 0-1
    0x00,
    0x00,
    0x00,
    ...address,
    ...get(WEIGHT),
    ...simd(0x58), // v128.store8_lane: byte 2, at offset 2
    0x00,
    0x02,
    0x02
  ]
}

function kernelCode(): number[] {
  const taps = [
    ...BLOCK,
    ...LOOP,
    ...get(K),
    ...get(END),
    GE_U,
    ...brIf(1),
    // acc += widen(src[p .. p+3]) * splat(weight), and acc2 likewise one row below.
    ...get(ACC),
    ...get(P),
    ...simd(0x02), // v128.load8x8_u
    0x00,
    0x00,
    ...simd(0xa9), // i32x4.extend_low_i16x8_u
    ...get(K),
    ...i32Load,
    ...simd(0x11), // i32x4.splat
    ...tee(WEIGHT),
    ...simd(0xb5), // i32x4.mul
    ...simd(0xae), // i32x4.add
    ...set(ACC),
    ...get(ACC2),
    ...get(P),
    ...get(STRIDE),
    ADD,
    ...simd(0x02),
    0x00,
    0x00,
    ...simd(0xa9),
    ...get(WEIGHT),
    ...simd(0xb5),
    ...simd(0xae),
    ...set(ACC2),
    ...increment(P, 3),
    ...increment(K, 4),
    ...br(0),
    END_OP,
    END_OP
  ]
  const pixel = [
    ...get(X),
    ...get(OUT_W),
    GE_S,
    ...brIf(1),
    ...get(ROW_BASE),
    ...get(FIRST),
    ...get(X),
    ...i32Const(4),
    MUL,
    ADD,
    ...i32Load,
    ...i32Const(3),
    MUL,
    ADD,
    ...set(P),
    ...get(WEIGHTS),
    ...get(X),
    ...get(TAPS),
    MUL,
    ...i32Const(4),
    MUL,
    ADD,
    ...set(K),
    ...get(K),
    ...get(COUNT),
    ...get(X),
    ...i32Const(4),
    MUL,
    ADD,
    ...i32Load,
    ...i32Const(4),
    MUL,
    ADD,
    ...set(END),
    ...i32Const(1 << 21),
    ...simd(0x11),
    ...tee(ACC),
    ...set(ACC2),
    ...taps,
    ...storeRgb([...get(DST)], ACC),
    ...storeRgb([...get(DST), ...get(OUT_W), ...i32Const(3), MUL, ADD], ACC2),
    ...increment(DST, 3),
    ...increment(X, 1),
    ...br(0)
  ]
  const row = [
    ...get(Y),
    ...get(ROWS),
    GE_S,
    ...brIf(1),
    ...get(SRC),
    ...get(Y),
    ...get(STRIDE),
    MUL,
    ADD,
    ...set(ROW_BASE),
    ...i32Const(0),
    ...set(X),
    ...BLOCK,
    ...LOOP,
    ...pixel,
    END_OP,
    END_OP,
    // The pixel loop wrote the first row of the pair; skip the second, written alongside.
    ...get(DST),
    ...get(OUT_W),
    ...i32Const(3),
    MUL,
    ADD,
    ...set(DST),
    ...increment(Y, 2),
    ...br(0)
  ]
  const locals = [0x02, 0x06, I32, 0x03, V128]
  const code = [
    ...locals,
    ...i32Const(0),
    ...set(Y),
    ...BLOCK,
    ...LOOP,
    ...row,
    END_OP,
    END_OP,
    END_OP
  ]
  return code
}

function moduleBytes(): Uint8Array {
  return wasmModule('hpass', 9, kernelCode())
}

type HorizontalPass = (
  src: number,
  stride: number,
  rows: number,
  outW: number,
  first: number,
  count: number,
  weights: number,
  taps: number,
  dst: number
) => void

// The part of the WebAssembly JS API used here (the project's TypeScript libs omit it).
interface WasmMemory {
  readonly buffer: ArrayBuffer
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean
  Module: new (bytes: Uint8Array) => object
  Instance: new (
    module: object,
    imports: { env: { memory: WasmMemory } }
  ) => { exports: Record<string, unknown> }
  Memory: new (descriptor: { initial: number }) => WasmMemory
}

const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly

let compiled: object | null | undefined

function compile(): object | null {
  if (compiled === undefined) {
    const bytes = moduleBytes()
    compiled = wasm?.validate(bytes) ? new wasm.Module(bytes) : null
  }
  return compiled
}

const PAGE = 65536
// A photo's worth of memory is kept for the next image and released after this long idle.
const KEEP_MEMORY_MS = 10_000

interface LiveInstance {
  memory: WasmMemory
  run: HorizontalPass
  bytes: number
}

let live: LiveInstance | undefined
let releaseTimer: ReturnType<typeof setTimeout> | undefined

function instanceFor(module: object, api: WasmApi, bytes: number): LiveInstance | undefined {
  if (!live || live.bytes < bytes) {
    live = undefined
    let memory: WasmMemory
    try {
      memory = new api.Memory({ initial: Math.ceil(bytes / PAGE) })
    } catch {
      // Larger than WebAssembly memory can hold here: the JS pass has no such limit.
      return undefined
    }
    const instance = new api.Instance(module, { env: { memory } })
    live = {
      memory,
      run: instance.exports.hpass as HorizontalPass,
      bytes: memory.buffer.byteLength
    }
  }
  clearTimeout(releaseTimer)
  releaseTimer = setTimeout(() => {
    live = undefined
  }, KEEP_MEMORY_MS)
  releaseTimer.unref()
  return live
}

/** Input, coefficient and output layout inside the WebAssembly memory. */
export interface SimdJob {
  src: Uint8Array
  rowStart: number
  rows: number
  stride: number
  outW: number
  first: Int32Array
  count: Int32Array
  weights: Int32Array
  taps: number
}

/**
 * Runs the horizontal pass with SIMD and returns rows x outW x 3 bytes, or null when this
 * runtime has no WebAssembly SIMD or memory for the job. The memory is reused by the next
 * call and dropped after a few idle seconds.
 */
export function horizontalPassSimd(job: SimdJob): Uint8Array | null {
  const module = compile()
  if (!module || !wasm) return null
  // Rows go in pairs; an odd count gets a zero row whose output is dropped.
  const pairedRows = job.rows + (job.rows & 1)
  const srcBytes = job.rows * job.stride
  const outBytes = job.rows * job.outW * 3
  // Padding: each tap reads 8 bytes from its pixel.
  const layout = [
    job.first.byteLength,
    job.count.byteLength,
    job.weights.byteLength,
    pairedRows * job.stride + 8
  ]
  const offsets: number[] = []
  let end = 0
  for (const size of layout) {
    offsets.push(end)
    end += (size + 15) & ~15
  }
  const dstOffset = end
  const total = dstOffset + pairedRows * job.outW * 3 + 8
  const instance = instanceFor(module, wasm, total)
  if (!instance) return null
  const { memory } = instance
  const heap = new Uint8Array(memory.buffer)
  const [firstAt, countAt, weightsAt, srcAt] = offsets
  new Int32Array(memory.buffer, firstAt, job.first.length).set(job.first)
  new Int32Array(memory.buffer, countAt, job.count.length).set(job.count)
  new Int32Array(memory.buffer, weightsAt, job.weights.length).set(job.weights)
  const srcStart = job.rowStart * job.stride
  heap.set(job.src.subarray(srcStart, srcStart + srcBytes), srcAt)
  const run = instance.run
  run(srcAt, job.stride, pairedRows, job.outW, firstAt, countAt, weightsAt, job.taps, dstOffset)
  return heap.slice(dstOffset, dstOffset + outBytes)
}
