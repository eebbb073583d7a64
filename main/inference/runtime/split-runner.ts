// Runs a placement plan with one worker thread per device, and one child process per stage on a
// device pinned per process (WebGPU adapters): the same ModelRunner the in-thread path uses, with
// its stages swapped for proxies. Hidden states travel through the host thread; each stage keeps
// its own KV cache in its worker or process, and a stage process that dies is restarted and its
// sequences replayed (recovering-stage.ts).
import { availableParallelism } from 'node:os'
import { backendOf } from '../devices/backends/registry'
import { formatDevice, parseDevice } from '../devices/device-ref'
import type { PlacementPlan } from '../placement/types'
import { ModelRunner, type RunnerOptions } from './model-runner'
import type { ModelPackage } from '../package/model-package'
import type { DecoderStage, StageSpec } from './stage'
import { RecoveringStage, type RecoveryOptions } from './recovering-stage'
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
  /** Restarts of stage processes that died (they are replayed transparently). */
  onStageRestart?: RecoveryOptions['onRestart']
}

export function stageSpecsOf(plan: PlacementPlan): StageSpec[] {
  return plan.stages.map((stage) => ({
    layers: [stage.layers[0], stage.layers[1]],
    device: parseDevice(stage.device),
    isLast: stage.isLast
  }))
}

/**
 * Opens stages as worker proxies, one worker per device (or per `workerKey`); a stage's
 * dispose() releases its worker, which ends with the last stage on it. For an engine that
 * chains DecoderStages itself.
 */
export function workerStageOpener(
  specCount: number,
  options: SplitLoadOptions & { pool: WorkerPool }
): (pkg: ModelPackage, spec: StageSpec) => Promise<DecoderStage> {
  const threads = options.threads ?? Math.max(1, availableParallelism() - 1)
  let index = 0
  return async (pkg, spec) => {
    const position = index++
    const device = formatDevice(spec.device)
    const ownProcess = backendOf(spec.device.kind).stageProcess !== undefined
    const key =
      options.workerKey?.(spec, position) ?? (ownProcess ? `${device}#${position}` : device)
    const open = async (): Promise<WorkerStage> => {
      const { worker, release } = await options.pool.acquire(spec.device, key)
      try {
        return await WorkerStage.load(worker, options.pool.key(), pkg.dir, spec, {
          threads,
          deviceTopK: options.deviceTopK,
          release,
          onProgress: (progress) =>
            options.onProgress?.({ ...progress, device, stage: position, stages: specCount })
        })
      } catch (error) {
        await release()
        throw error
      }
    }
    return ownProcess ? RecoveringStage.open(open, { onRestart: options.onStageRestart }) : open()
  }
}

/** A ModelRunner (the in-thread runner's API) whose stages run in device workers. */
export async function loadSplitRunner(
  dir: string,
  placement: PlacementPlan | readonly StageSpec[],
  options: SplitLoadOptions = {}
): Promise<ModelRunner> {
  const specs = 'stages' in placement ? stageSpecsOf(placement) : [...placement]
  const pool = options.pool ?? new WorkerPool()
  const {
    onProgress: _onProgress,
    workerKey: _workerKey,
    pool: _pool,
    onStageRestart: _onStageRestart,
    ...runnerOptions
  } = options
  try {
    return await ModelRunner.load(dir, {
      ...runnerOptions,
      stages: specs,
      openStage: workerStageOpener(specs.length, { ...options, pool })
    })
  } catch (error) {
    if (!options.pool) await pool.close()
    throw error
  }
}
