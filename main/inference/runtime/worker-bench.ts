// Pipelining figures for `mpp bench`: (1) the vision tower split over two one-thread CPU workers
// (stand-ins for two GPUs) encoding 8 images with all in flight, against the same two parts run
// one image after another; (2) greedy decode speed with the decoder as two stages on one device
// against one stage. Both reported as ratios.
import { performance } from 'node:perf_hooks'
import { ModelPackage } from '../package/model-package'
import { loadSplitRunner } from './split-runner'
import { argmax, type ModelRunner } from './model-runner'
import type { StageSpec } from './stage'
import { SplitVisionEncoder } from './worker-vision'
import { WorkerPool } from './worker-pool'

export interface PipeliningFigures {
  vision: {
    images: number
    splitAtBlock: number
    sequentialMs: number
    pipelinedMs: number
    /** pipelined / sequential: 0.5 is perfect overlap of two equal parts. */
    ratio: number
  }
  decoder: {
    tokens: number
    oneStageTokensPerSecond: number
    twoStageTokensPerSecond: number
    /** 1 - twoStage / oneStage: the decode speed lost to the extra stage. */
    cost: number
  }
}

export interface BenchPipeliningOptions {
  images?: number
  decodeTokens?: number
}

const CPU = { kind: 'cpu', index: 0 } as const

export async function benchPipelining(
  pkgDir: string,
  options: BenchPipeliningOptions = {}
): Promise<PipeliningFigures> {
  const pkg = await ModelPackage.open(pkgDir, { verify: 'size' })
  return {
    vision: await benchVision(pkg, options.images ?? 8),
    decoder: await benchDecoder(pkg, options.decodeTokens ?? 16)
  }
}

/**
 * Splits so both parts do about the same work: a ViT block costs T x (4w^2 + 2w x mlp) + 2T^2 x w
 * multiply-adds (T tokens); the Q-Former, which runs after the last block, is counted as blocks
 * by the same estimate of its layers (queries x (4q^2 + 2q x inter) + cross-attention on T tokens).
 */
export function balancedVisionSplit(arch: ModelPackage['manifest']['arch']): number {
  const { vision, qformer } = arch
  const tokens = (vision.imageSize / vision.patchSize) ** 2 + 1
  const block =
    tokens * (4 * vision.width ** 2 + 2 * vision.width * vision.mlpWidth) +
    2 * tokens ** 2 * vision.width
  const q = qformer.width
  const layer = qformer.queries * (4 * q * q + 2 * q * qformer.intermediate)
  const cross = tokens * 2 * qformer.encoderWidth * q + qformer.queries * 2 * q * q
  const crossLayers = Math.ceil(qformer.depth / qformer.crossAttentionFreq)
  const tail = (qformer.depth * layer + crossLayers * cross) / block
  const split = Math.round((vision.depth + tail) / 2)
  return Math.min(Math.max(split, 1), vision.depth - 1)
}

async function benchVision(
  pkg: ModelPackage,
  images: number
): Promise<PipeliningFigures['vision']> {
  const { vision } = pkg.manifest.arch
  const split = balancedVisionSplit(pkg.manifest.arch)
  const pool = new WorkerPool()
  const encoder = await SplitVisionEncoder.load(
    pkg,
    [
      { blocks: [0, split], device: CPU, worker: 'cpu#0' },
      { blocks: [split, vision.depth], device: CPU, worker: 'cpu#1' }
    ],
    { threads: 1, pool }
  )
  try {
    const size = 3 * vision.imageSize * vision.imageSize
    const batch = (seed: number): { pixels: Float32Array; count: number } => ({
      pixels: Float32Array.from({ length: size }, (_, i) => Math.sin(i * 0.001 + seed)),
      count: 1
    })
    // Warm up both sessions (first runs allocate and plan).
    await encoder.encode(batch(0).pixels, 1)
    let started = performance.now()
    for (let i = 0; i < images; i++) await encoder.encode(batch(i).pixels, 1)
    const sequentialMs = performance.now() - started
    const inputs = Array.from({ length: images }, (_, i) => batch(i))
    started = performance.now()
    await encoder.encodeMany(inputs)
    const pipelinedMs = performance.now() - started
    return {
      images,
      splitAtBlock: split,
      sequentialMs,
      pipelinedMs,
      ratio: pipelinedMs / sequentialMs
    }
  } finally {
    await encoder.dispose()
    await pool.close()
  }
}

async function benchDecoder(
  pkg: ModelPackage,
  tokens: number
): Promise<PipeliningFigures['decoder']> {
  const layers = pkg.manifest.arch.llm.layers
  const half = Math.max(1, Math.floor(layers / 2))
  const one: StageSpec[] = [{ layers: [0, layers], device: CPU, isLast: true }]
  const two: StageSpec[] = [
    { layers: [0, half], device: CPU, isLast: false },
    { layers: [half, layers], device: CPU, isLast: true }
  ]
  const oneStage = await decodeSpeed(pkg.dir, one, tokens)
  const twoStage = await decodeSpeed(pkg.dir, two, tokens)
  return {
    tokens,
    oneStageTokensPerSecond: oneStage,
    twoStageTokensPerSecond: twoStage,
    cost: 1 - twoStage / oneStage
  }
}

/** Greedy decode tokens per second after a short prefill, stages in device workers. */
async function decodeSpeed(dir: string, specs: StageSpec[], tokens: number): Promise<number> {
  const runner: ModelRunner = await loadSplitRunner(dir, specs, { verify: 'size' })
  try {
    const seq = runner.openSequence()
    const { imStart, imEnd } = runner.manifest.specialIds
    let logits = await runner.forward(seq, [
      imStart,
      872,
      198,
      9707,
      imEnd,
      198,
      imStart,
      77091,
      198
    ])
    logits = await runner.forward(seq, [argmax(logits)])
    const started = performance.now()
    for (let i = 0; i < tokens; i++) logits = await runner.forward(seq, [argmax(logits)])
    const seconds = (performance.now() - started) / 1000
    runner.closeSequence(seq)
    return tokens / seconds
  } finally {
    await runner.dispose()
  }
}
