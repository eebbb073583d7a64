// The vision tower cut into parts (ViT blocks [a, b), the last part adding ln_vision, the
// Q-Former and llm_proj), each part in a device worker. Images in flight move from part to part,
// so parts on different workers encode different images at the same time.
import { rename, writeFile } from 'node:fs/promises'
import { performance } from 'node:perf_hooks'
import { z } from 'zod'
import { formatDevice, type DeviceRef } from '../devices/device-ref'
import { buildVisionGraph } from '../onnx/vision-graph'
import type { ModelPackage } from '../package/model-package'
import { RuntimeError } from './errors'
import type { DeviceWorker } from './worker-client'
import { WorkerPool } from './worker-pool'
import { transferablesOf, visionOutputSchema } from './worker-protocol'

export interface VisionPartSpec {
  /** ViT blocks [from, to); the part with to = depth also runs ln_vision, Q-Former, llm_proj. */
  blocks: [number, number]
  device: DeviceRef
  /** Worker key; default: the device name (distinct keys give one device several workers). */
  worker?: string
}

/** Writes the part's graph beside the weights (ORT resolves external data from its folder). */
export async function visionPartGraph(
  pkg: ModelPackage,
  from: number,
  to: number
): Promise<string> {
  const depth = pkg.manifest.arch.vision.depth
  if (!(from >= 0 && from < to && to <= depth)) {
    throw new RuntimeError(
      'BAD_INPUT',
      `vision part [${from}, ${to}) is outside the tower's ${depth} blocks`
    )
  }
  const path = pkg.path(`vision-${from}-${to}.onnx`)
  const temporary = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`
  await writeFile(
    temporary,
    buildVisionGraph(pkg.manifest, (name) => pkg.tensor(name), { from, to })
  )
  await rename(temporary, path)
  return path
}

interface LoadedPart {
  key: number
  worker: DeviceWorker
  release: () => Promise<void>
  inputName: string
  outputName: string
}

export class SplitVisionEncoder {
  private constructor(
    private readonly parts: LoadedPart[],
    private readonly imageSize: number
  ) {}

  static async load(
    pkg: ModelPackage,
    specs: readonly VisionPartSpec[],
    options: { threads?: number; pool?: WorkerPool } = {}
  ): Promise<SplitVisionEncoder> {
    const { vision } = pkg.manifest.arch
    let next = 0
    for (const spec of specs) {
      if (spec.blocks[0] !== next)
        throw new RuntimeError(
          'BAD_INPUT',
          `vision parts must cover blocks 0..${vision.depth} in order`
        )
      next = spec.blocks[1]
    }
    if (next !== vision.depth)
      throw new RuntimeError(
        'BAD_INPUT',
        `vision parts end at block ${next}, the tower has ${vision.depth}`
      )
    const pool = options.pool ?? new WorkerPool()
    const parts: LoadedPart[] = []
    try {
      for (const spec of specs) {
        const graphPath = await visionPartGraph(pkg, spec.blocks[0], spec.blocks[1])
        const { worker, release } = await pool.acquire(
          spec.device,
          spec.worker ?? formatDevice(spec.device)
        )
        const key = pool.key()
        parts.push({
          key,
          worker,
          release,
          inputName: spec.blocks[0] === 0 ? 'pixel_values' : 'vision_hidden',
          outputName: spec.blocks[1] === vision.depth ? 'image_embeds' : 'vision_hidden'
        })
        await worker.call(
          {
            kind: 'load-vision',
            part: key,
            graphPath,
            device: spec.device,
            threads: options.threads ?? 1
          },
          z.null()
        )
      }
    } catch (error) {
      await Promise.all(parts.map((part) => part.release()))
      throw error
    }
    return new SplitVisionEncoder(parts, vision.imageSize)
  }

  /** `count` images [3,S,S] back to back -> image embeddings [count, queries, hidden].
   *  `partMs`, when given, receives each part's wall time (benchmarks). */
  async encode(pixels: Float32Array, count: number, partMs?: number[]): Promise<Float32Array> {
    let data = pixels
    let dims = [count, 3, this.imageSize, this.imageSize]
    for (const [i, part] of this.parts.entries()) {
      const started = performance.now()
      const result = await part.worker.call(
        {
          kind: 'run-vision',
          part: part.key,
          input: data,
          dims,
          inputName: part.inputName,
          outputName: part.outputName
        },
        visionOutputSchema,
        i === 0 ? [] : transferablesOf([data])
      )
      partMs?.push(performance.now() - started)
      data = result.output
      dims = result.dims
    }
    return data
  }

  /** Several batches in flight at once: part k works on batch j while part k+1 has batch j-1. */
  encodeMany(batches: readonly { pixels: Float32Array; count: number }[]): Promise<Float32Array[]> {
    return Promise.all(batches.map((batch) => this.encode(batch.pixels, batch.count)))
  }

  async dispose(): Promise<void> {
    for (const part of this.parts) {
      try {
        await part.worker.call({ kind: 'dispose-vision', part: part.key }, z.null())
      } finally {
        await part.release()
      }
    }
    this.parts.length = 0
  }
}
