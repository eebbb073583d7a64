// Runs both resampling passes of an RGB resize in WebAssembly (simd-kernels.ts): lays out the
// pixels and coefficients in one shared memory, kept for the next image and released when idle;
// for a large image the helper thread (resize-helper.ts) takes half of the horizontal pass's
// rows. Returns null where this runtime lacks WebAssembly SIMD or memory, so the caller uses JS.
import { computeCoefficients } from './resample-coefficients'
import type { ResampleCoefficients } from './resample-coefficients'
import { releaseHelperMemory, runOnHelper } from './resize-helper'
import { GROUP_WEIGHT_BYTES, resizeModuleBytes, WEIGHT_LOW_BITS } from './simd-kernels'
import { wasmApi } from './wasm-api'
import type { Kernel, WasmApi, WasmMemory, WasmModule } from './wasm-api'

interface Kernels {
  hpass: Kernel
  vpass: Kernel
}

const PAGE = 65536
// A photo's worth of memory is kept for the next image and released after this long idle.
const KEEP_MEMORY_MS = 10_000
// From this many source pixels on, the helper thread takes half of the horizontal pass.
const HELPER_MIN_PIXELS = 512 * 512

const modules = new Map<number, WasmModule | null>()

function moduleFor(api: WasmApi, groups: number): WasmModule | null {
  let module = modules.get(groups)
  if (module === undefined) {
    const bytes = resizeModuleBytes(groups)
    module = api.validate(bytes) ? new api.Module(bytes) : null
    modules.set(groups, module)
  }
  return module
}

interface LiveMemory {
  memory: WasmMemory
  bytes: number
  kernels: Map<number, Kernels>
}

let live: LiveMemory | undefined
let releaseTimer: ReturnType<typeof setTimeout> | undefined

function memoryFor(api: WasmApi, bytes: number): LiveMemory | undefined {
  if (!live || live.bytes < bytes) {
    live = undefined
    let memory: WasmMemory
    try {
      const pages = Math.ceil(bytes / PAGE)
      memory = new api.Memory({ initial: pages, maximum: pages, shared: true })
    } catch {
      // Larger than WebAssembly memory can hold here: the JS passes have no such limit.
      return undefined
    }
    live = { memory, bytes: memory.buffer.byteLength, kernels: new Map() }
  }
  clearTimeout(releaseTimer)
  releaseTimer = setTimeout(() => {
    live = undefined
    releaseHelperMemory()
  }, KEEP_MEMORY_MS)
  releaseTimer.unref()
  return live
}

function kernelsFor(api: WasmApi, target: LiveMemory, module: WasmModule, groups: number): Kernels {
  let kernels = target.kernels.get(groups)
  if (!kernels) {
    const { exports } = new api.Instance(module, { env: { memory: target.memory } })
    kernels = { hpass: exports.hpass as Kernel, vpass: exports.vpass as Kernel }
    target.kernels.set(groups, kernels)
  }
  return kernels
}

/** Allocates 16-byte aligned regions one after another. */
class Layout {
  total = 0
  take(bytes: number): number {
    const at = this.total
    this.total += (bytes + 15) & ~15
    return at
  }
}

function maxCount(c: ResampleCoefficients): number {
  let most = 0
  for (const n of c.count) most = Math.max(most, n)
  return most
}

// Per output sample and group of 8 taps: the hi then the lo i16 parts of the weights (zero past
// the sample's tap count), so that w = hi * 2^15 + lo with 0 <= lo < 2^15.
function writeSplitWeights(c: ResampleCoefficients, groups: number, into: Int16Array): void {
  const lowMask = (1 << WEIGHT_LOW_BITS) - 1
  const perSample = (groups * GROUP_WEIGHT_BYTES) / 2
  for (let x = 0; x < c.count.length; x++) {
    for (let t = 0; t < c.count[x]; t++) {
      const w = c.weights[x * c.taps + t]
      const at = x * perSample + (t >> 3) * 16 + (t & 7)
      into[at] = w >> WEIGHT_LOW_BITS
      into[at + 8] = w & lowMask
    }
  }
}

/**
 * Resizes interleaved RGB exactly as the JS passes do, or returns null when WebAssembly SIMD
 * or enough WebAssembly memory is not available. At least one dimension must change.
 */
export function resizeRgbSimd(
  rgb: Uint8Array,
  width: number,
  height: number,
  outW: number,
  outH: number
): Uint8Array | null {
  const wasm = wasmApi
  if (!wasm) return null
  const horizontal = width !== outW ? computeCoefficients(width, outW) : null
  const vertical = height !== outH ? computeCoefficients(height, outH) : null
  // Only the source rows that the vertical pass reads are resampled horizontally.
  const rowStart = vertical ? vertical.first[0] : 0
  const rowEnd = vertical ? vertical.first[outH - 1] + vertical.count[outH - 1] : height
  const rows = rowEnd - rowStart
  const pairedRows = rows + (rows & 1)
  const groups = horizontal ? Math.ceil(maxCount(horizontal) / 8) : 1
  const module = moduleFor(wasm, groups)
  if (!module) return null

  const stride = width * 3
  const midStride = outW * 3
  // Plane rows are read up to 8 * groups - 1 bytes past a sample's first tap, and written in
  // 16-byte blocks; the source is read in 48-byte blocks and 16 past its last row.
  const planeStride = (width + Math.max(8 * groups, 16) + 15) & ~15
  const layout = new Layout()
  const hFirstAt = layout.take(outW * 4)
  const hWeightsAt = layout.take(outW * groups * GROUP_WEIGHT_BYTES)
  const planesAt = layout.take(6 * planeStride)
  const helperPlanesAt = layout.take(6 * planeStride)
  const doneAt = layout.take(4)
  const srcAt = layout.take(pairedRows * stride + 64)
  const midAt = horizontal ? layout.take(pairedRows * midStride + 16) : srcAt
  const vFirstAt = layout.take(outH * 4)
  const vCountAt = layout.take(outH * 4)
  const vWeightsAt = vertical ? layout.take(outH * vertical.taps * 4) : 0
  const outAt = vertical ? layout.take(outH * outW * 3 + 16) : midAt
  const target = memoryFor(wasm, layout.total)
  if (!target) return null
  const { hpass, vpass } = kernelsFor(wasm, target, module, groups)
  const { buffer } = target.memory
  const heap = new Uint8Array(buffer)
  heap.set(rgb.subarray(rowStart * stride, rowEnd * stride), srcAt)

  if (horizontal) {
    new Int32Array(buffer, hFirstAt, outW).set(horizontal.first)
    const weights = new Int16Array(buffer, hWeightsAt, (outW * groups * GROUP_WEIGHT_BYTES) / 2)
    weights.fill(0)
    writeSplitWeights(horizontal, groups, weights)
    const split = pairedRows * width >= HELPER_MIN_PIXELS ? (pairedRows >> 2) << 1 : pairedRows
    const args = (at: number, count: number, planes: number): number[] => [
      srcAt + at * stride,
      stride,
      count,
      outW,
      hFirstAt,
      hWeightsAt,
      planes,
      planeStride,
      midAt + at * midStride,
      width
    ]
    const helped =
      split < pairedRows
        ? runOnHelper(
            module,
            target.memory,
            new Int32Array(buffer, doneAt, 1),
            args(split, pairedRows - split, helperPlanesAt)
          )
        : undefined
    const started = performance.now()
    hpass(...args(0, helped ? split : pairedRows, planesAt))
    if (helped && !helped.finish(performance.now() - started)) {
      // The helper failed or stalled: its rows are written here, and this memory not reused.
      live = undefined
      hpass(...args(split, pairedRows - split, planesAt))
    }
  }
  if (vertical) {
    const first = new Int32Array(buffer, vFirstAt, outH)
    for (let y = 0; y < outH; y++) first[y] = vertical.first[y] - rowStart
    new Int32Array(buffer, vCountAt, outH).set(vertical.count)
    new Int32Array(buffer, vWeightsAt, vertical.weights.length).set(vertical.weights)
    vpass(midAt, midStride, outH, vFirstAt, vCountAt, vWeightsAt, vertical.taps, outAt)
  }
  return heap.slice(outAt, outAt + outH * outW * 3)
}
