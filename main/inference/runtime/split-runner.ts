// Runs a placement plan with one worker thread per device: the same ModelRunner the in-thread
// path uses, with its stages swapped for worker proxies. Hidden states travel between workers
// through the host thread; each stage keeps its own KV cache in its worker.
import { availableParallelism } from 'node:os'
import { formatDevice, parseDevice } from '../devices/device-ref'
import type { PlacementPlan } from '../placement/types'
import { ModelRunner, type RunnerOptions } from './model-runner'
import type { StageSpec } from './stage'
import type { WorkerProgress } from './worker-client'
import { WorkerPool } from './worker-pool'
import { WorkerStage } from './worker-stage'

export interface StageLoadProgress extends WorkerProgress {
  device: string
  stage: number
  stages: number
}

export interface SplitLoadOptions extends Omit<RunnerOptions, 'stages' | 'openStage'> {
  onProgress?: (progress: StageLoadProgress) => void
  /** Worker for a stage; default: one per device. Distinct keys give one device several workers. */
  workerKey?: (spec: StageSpec, index: number) => string
  pool?: WorkerPool
}

export function stageSpecsOf(plan: PlacementPlan): StageSpec[] {
  return plan.stages.map((stage) => ({
    layers: [stage.layers[0], stage.layers[1]],
    device: parseDevice(stage.device),
    isLast: stage.isLast
  }))
}

export async function loadSplitRunner(
  dir: string,
  placement: PlacementPlan | readonly StageSpec[],
  options: SplitLoadOptions = {}
): Promise<ModelRunner> {
  const specs = 'stages' in placement ? stageSpecsOf(placement) : [...placement]
  const pool = options.pool ?? new WorkerPool()
  const threads = options.threads ?? Math.max(1, availableParallelism() - 1)
  let index = 0
  const { onProgress, workerKey, pool: _pool, ...runnerOptions } = options
  try {
    return await ModelRunner.load(dir, {
      ...runnerOptions,
      stages: specs,
      openStage: async (pkg, spec) => {
        const position = index++
        const device = formatDevice(spec.device)
        const { worker, release } = await pool.acquire(
          spec.device,
          workerKey?.(spec, position) ?? device
        )
        try {
          return await WorkerStage.load(worker, pool.key(), pkg.dir, spec, {
            threads,
            release,
            onProgress: (progress) =>
              onProgress?.({ ...progress, device, stage: position, stages: specs.length })
          })
        } catch (error) {
          await release()
          throw error
        }
      }
    })
  } catch (error) {
    if (!options.pool) await pool.close()
    throw error
  }
}
