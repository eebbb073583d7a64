// The helper thread that takes half of the horizontal pass of a large resize: it must really
// run (from the built out/main/resize-worker.js; `npm test` builds first), give the same bytes
// as the JS passes, and hand its rows back when its kernel fails.
import { afterAll, expect, it } from 'vitest'
import { resizeBicubic } from '../../../main/inference/preprocess'
import {
  resizeHelperJobs,
  runOnHelper,
  startResizeHelper,
  stopResizeHelper
} from '../../../main/inference/preprocess/resize-helper'
import { resizeModuleBytes } from '../../../main/inference/preprocess/simd-kernels'
import { resizeRgbSimd } from '../../../main/inference/preprocess/simd-resize'
import { wasmApi } from '../../../main/inference/preprocess/wasm-api'

afterAll(() => stopResizeHelper())

function noise(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length)
  let state = seed
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0
    out[i] = state >>> 24
  }
  return out
}

it('a large resize shares its rows with the helper thread and matches the JS passes', async () => {
  expect(await startResizeHelper()).toBe(true)
  for (const [width, height] of [
    [1283, 901],
    [2048, 513]
  ]) {
    const pixels = noise(width * height * 3, width)
    const before = resizeHelperJobs()
    const viaThreads = resizeRgbSimd(pixels, width, height, 224, 224)
    expect(resizeHelperJobs(), `${width}x${height}`).toBe(before + 1)
    const viaJs = resizeBicubic(pixels, width, height, 224, 224, { simd: false })
    expect(Buffer.from(viaThreads ?? []).equals(Buffer.from(viaJs))).toBe(true)
  }
})

it('a helper whose kernel fails reports it at once instead of leaving rows unwritten', async () => {
  expect(await startResizeHelper()).toBe(true)
  if (!wasmApi) throw new Error('this runtime has no WebAssembly')
  const memory = new wasmApi.Memory({ initial: 1, maximum: 1, shared: true })
  const module = new wasmApi.Module(resizeModuleBytes(1))
  const done = new Int32Array(memory.buffer, 0, 1)
  // A source pointer far past the one-page memory makes the kernel trap.
  const job = runOnHelper(module, memory, done, [1 << 30, 300, 2, 10, 64, 128, 256, 64, 512, 100])
  expect(job).toBeDefined()
  const started = performance.now()
  expect(job?.finish(0)).toBe(false)
  expect(performance.now() - started).toBeLessThan(900)
})
