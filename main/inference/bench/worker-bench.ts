// Pipelining figures for `mpp bench`: (1) the vision tower split over two one-thread CPU workers
// (stand-ins for two GPUs) encoding 8 images with all in flight, against the same two parts run
// one image after another; (2) greedy decode speed with the decoder as two stages on one device
// against one stage. Both reported as ratios.
import { performance } from 'node:perf_hooks'
import { Worker } from 'node:worker_threads'
import { ModelPackage } from '../package/model-package'
import { loadSplitRunner } from '../runtime/split-runner'
import { argmax, type ModelRunner } from '../runtime/model-runner'
import type { StageSpec } from '../runtime/stage'
import { SplitVisionEncoder } from '../runtime/worker-vision'
import { WorkerPool } from '../runtime/worker-pool'

export interface PipeliningFigures {
  vision: {
    images: number
    splitAtBlock: number
    sequentialMs: number
    pipelinedMs: number
    /** pipelined / sequential: 0.5 is perfect overlap of two equal parts. */
    ratio: number
    /** Each part's time for one image, and the ratio perfect overlap of these parts would give. */
    partMs: number[]
    idealRatio: number
    /** The same ratio for two threads of plain busy work: what this machine allows right now. */
    machineRatio: number
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

/** Rounds of each measure, alternated; the best of each is kept (other load only slows a run). */
const ROUNDS = 3

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
    const inputs = Array.from({ length: images }, (_, seed) => ({
      pixels: Float32Array.from({ length: size }, (_, i) => Math.sin(i * 0.001 + seed)),
      count: 1
    }))
    // Warm up both sessions (first runs allocate and plan).
    await encoder.encodeMany(inputs.slice(0, 2))
    let sequentialMs = Infinity
    let pipelinedMs = Infinity
    let partMs = [Infinity, Infinity]
    for (let round = 0; round < ROUNDS; round++) {
      let started = performance.now()
      for (const input of inputs) {
        const parts: number[] = []
        await encoder.encode(input.pixels, input.count, parts)
        partMs = partMs.map((best, i) => Math.min(best, parts[i]))
      }
      sequentialMs = Math.min(sequentialMs, performance.now() - started)
      started = performance.now()
      await encoder.encodeMany(inputs)
      pipelinedMs = Math.min(pipelinedMs, performance.now() - started)
    }
    // n images over two parts a, b: at best max(a, b) x n + min(a, b), against (a + b) x n.
    const [a, b] = partMs
    const idealRatio = (Math.max(a, b) * images + Math.min(a, b)) / ((a + b) * images)
    const ratio = pipelinedMs / sequentialMs
    const machineRatio = await twoThreadRatio()
    return {
      images,
      splitAtBlock: split,
      sequentialMs,
      pipelinedMs,
      ratio,
      partMs,
      idealRatio,
      machineRatio
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
  // Both runners stay loaded (separate pools, so separate workers) and alternate rounds.
  const oneRunner = await loadSplitRunner(pkg.dir, one, { verify: 'size', pool: new WorkerPool() })
  const twoRunner = await loadSplitRunner(pkg.dir, two, { verify: 'size', pool: new WorkerPool() })
  try {
    let oneStage = 0
    let twoStage = 0
    for (let round = 0; round < ROUNDS; round++) {
      oneStage = Math.max(oneStage, await decodeSpeed(oneRunner, tokens))
      twoStage = Math.max(twoStage, await decodeSpeed(twoRunner, tokens))
    }
    return {
      tokens,
      oneStageTokensPerSecond: oneStage,
      twoStageTokensPerSecond: twoStage,
      cost: 1 - twoStage / oneStage
    }
  } finally {
    await oneRunner.dispose()
    await twoRunner.dispose()
  }
}

/** Greedy decode tokens per second after a short prefill and two warm-up steps. */
export async function decodeSpeed(runner: ModelRunner, tokens: number): Promise<number> {
  const seq = runner.openSequence()
  try {
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
    for (let i = 0; i < 2; i++) logits = await runner.forward(seq, [argmax(logits)])
    const started = performance.now()
    for (let i = 0; i < tokens; i++) logits = await runner.forward(seq, [argmax(logits)])
    return tokens / ((performance.now() - started) / 1000)
  } finally {
    runner.closeSequence(seq)
  }
}

const BUSY_WORKER = `
const { parentPort } = require('node:worker_threads')
parentPort.on('message', (n) => {
  let x = 0
  for (let i = 0; i < n; i++) x += i % 7
  parentPort.postMessage(x)
})`

/** Two threads of fixed busy work, at once against one after the other (best of ROUNDS). */
async function twoThreadRatio(loops = 5e7): Promise<number> {
  const workers = [new Worker(BUSY_WORKER, { eval: true }), new Worker(BUSY_WORKER, { eval: true })]
  const run = (worker: Worker): Promise<unknown> =>
    new Promise((resolve) => {
      worker.once('message', resolve)
      worker.postMessage(loops)
    })
  try {
    await Promise.all(workers.map(run))
    let sequential = Infinity
    let parallel = Infinity
    for (let round = 0; round < ROUNDS; round++) {
      let started = performance.now()
      for (const worker of workers) await run(worker)
      sequential = Math.min(sequential, performance.now() - started)
      started = performance.now()
      await Promise.all(workers.map(run))
      parallel = Math.min(parallel, performance.now() - started)
    }
    return parallel / sequential
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()))
  }
}
