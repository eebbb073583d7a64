// The vision tower cut into two parts on two one-thread CPU workers gives the same embeddings
// as the whole tower in this thread, also with several images in flight; the pipelining bench
// returns its figures. Needs the built stage worker (out/main/stage-worker.js).
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ModelPackage } from '../../../main/inference/package/model-package'
import { VisionEncoder } from '../../../main/inference/runtime/vision-session'
import { balancedVisionSplit, benchPipelining } from '../../../main/inference/bench/worker-bench'
import { SplitVisionEncoder } from '../../../main/inference/runtime/worker-vision'
import { makeTinyPackage, type TinyPackage } from './tiny-package'

const fixtures = join(import.meta.dirname, '../../../../shared/fixtures')
const cpu = { kind: 'cpu', index: 0 } as const

let tiny: TinyPackage
let pkg: ModelPackage
let pixels: Float32Array

beforeAll(async () => {
  tiny = await makeTinyPackage(2, 11)
  pkg = await ModelPackage.open(tiny.dir)
  const bytes = await readFile(join(fixtures, 'preprocess', '004090033.jpg.f32'))
  pixels = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4)
}, 120_000)
afterAll(async () => tiny?.remove())

function maxDifference(a: Float32Array, b: Float32Array): number {
  let worst = 0
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]))
  return worst
}

describe('split vision tower', () => {
  it('matches the whole tower, one image at a time and several in flight', async () => {
    const whole = await VisionEncoder.open(pkg, { threads: 1 })
    const darker = pixels.map((value) => value * 0.5 - 0.25)
    const expected = [await whole.encode(pixels, 1), await whole.encode(darker, 1)]
    await whole.dispose()
    const split = await SplitVisionEncoder.load(pkg, [
      { blocks: [0, 1], device: cpu, worker: 'cpu#0' },
      { blocks: [1, 2], device: cpu, worker: 'cpu#1' }
    ])
    try {
      const one = await split.encode(pixels, 1)
      expect(one.length).toBe(expected[0].length)
      expect(maxDifference(one, expected[0])).toBeLessThan(1e-4)
      const many = await split.encodeMany([
        { pixels, count: 1 },
        { pixels: darker, count: 1 },
        { pixels, count: 1 }
      ])
      expect(maxDifference(many[0], expected[0])).toBeLessThan(1e-4)
      expect(maxDifference(many[1], expected[1])).toBeLessThan(1e-4)
      expect(maxDifference(many[2], expected[0])).toBeLessThan(1e-4)
    } finally {
      await split.dispose()
    }
  }, 60_000)

  it('refuses parts that do not cover the tower', async () => {
    await expect(
      SplitVisionEncoder.load(pkg, [{ blocks: [0, 1], device: cpu }])
    ).rejects.toMatchObject({ code: 'BAD_INPUT' })
  })

  it('balances the split by estimated work', () => {
    // Tiny: 2 blocks; the Q-Former's estimate is well under one block, so the cut is at 1.
    expect(balancedVisionSplit(pkg.manifest.arch)).toBe(1)
    const deep = { ...pkg.manifest.arch, vision: { ...pkg.manifest.arch.vision, depth: 10 } }
    expect(balancedVisionSplit(deep)).toBe(5)
  })

  it('reports pipelining figures as ratios', async () => {
    const figures = await benchPipelining(tiny.dir, { images: 2, decodeTokens: 2 })
    expect(figures.vision.images).toBe(2)
    expect(figures.vision.ratio).toBeCloseTo(
      figures.vision.pipelinedMs / figures.vision.sequentialMs,
      10
    )
    expect(figures.decoder.oneStageTokensPerSecond).toBeGreaterThan(0)
    expect(figures.decoder.cost).toBeCloseTo(
      1 - figures.decoder.twoStageTokensPerSecond / figures.decoder.oneStageTokensPerSecond,
      10
    )
  }, 120_000)
})
