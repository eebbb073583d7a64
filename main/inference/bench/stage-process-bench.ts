// Figures for stage processes (one per WebGPU stage): (1) the IPC cost per token, the round trip
// of one decode step's StageInput (hidden [1, 1, hidden] plus the position inputs) to a stage
// process and of its hidden state back, through the real protocol, zod checks included, against
// the same round trip to a worker thread; (2) greedy decode speed with the decoder as two stage
// processes on one adapter against one, reported as the fraction of speed lost.
import { spawn } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { formatDevice, type DeviceRef } from '../devices/device-ref'
import { ModelPackage } from '../package/model-package'
import { causalBias } from '../runtime/position-inputs'
import { ModelRunner } from '../runtime/model-runner'
import { workerStageOpener } from '../runtime/split-runner'
import type { StageInput, StageSpec } from '../runtime/stage'
import { processTransport, threadTransport, type StageTransport } from '../runtime/stage-transport'
import { DeviceWorker } from '../runtime/worker-client'
import { resolveStageWorkerEntry } from '../runtime/worker-entry-path'
import { stageOutputSchema } from '../runtime/worker-protocol'
import { WorkerPool } from '../runtime/worker-pool'
import { timedOpener, type TimedStage } from './timed-stage'
import { decodeSpeed } from './worker-bench'

export interface IpcFigures {
  hidden: number
  context: number
  steps: number
  /** Median round trip of one step to a stage process and back, in ms: the per-token cost. */
  processRoundTripMs: number
  /** The same through a worker thread (transferred buffers), for reference. */
  threadRoundTripMs: number
  /**
   * The baseline: the same input echoed by a bare Node child over Node's own IPC ('advanced'
   * serialization, no protocol, no checks), measured in the same run. What a process boundary
   * costs on this machine before any of our code.
   */
  bareNodeIpcRoundTripMs: number
}

export interface StageProcessDecodeFigures {
  device: string
  tokens: number
  oneProcessTokensPerSecond: number
  twoProcessTokensPerSecond: number
  /**
   * 1 - two / one: the decode speed lost to the second stage process, the median over rounds
   * (each round times both runners back to back, alternating which goes first).
   */
  cost: number
  /** Each round's cost, to show how noisy the machine is. */
  roundCosts: number[]
  /**
   * Where a step's time goes: the median wall time of each stage's forward as the host waits
   * for it (GPU stages in their processes, then the CPU head), in ms, one runner then the other.
   */
  oneProcessStageMs: number[]
  twoProcessStageMs: number[]
}

export async function benchIpc(
  options: { hidden?: number; headDim?: number; context?: number; steps?: number } = {}
): Promise<IpcFigures> {
  const hidden = options.hidden ?? 4096
  const headDim = options.headDim ?? 128
  const context = options.context ?? 512
  const steps = options.steps ?? 300
  const input = (): StageInput => ({
    hidden: new Float32Array(hidden).fill(0.5),
    tokens: 1,
    ropeCos: new Float32Array(headDim),
    ropeSin: new Float32Array(headDim),
    lognScale: new Float32Array(1),
    attnBias: causalBias(context, 1)
  })
  const time = async (label: string, open: () => StageTransport): Promise<number> => {
    const worker = await DeviceWorker.start(label, open)
    try {
      const times: number[] = []
      for (let i = 0; i < steps + 20; i++) {
        const started = performance.now()
        const output = await worker.call({ kind: 'echo', input: input() }, stageOutputSchema)
        if (output.hidden?.length !== hidden) throw new Error(`${label} echoed a wrong hidden`)
        if (i >= 20) times.push(performance.now() - started)
      }
      return median(times)
    } finally {
      await worker.terminate()
    }
  }
  const threadEntry = resolveStageWorkerEntry()
  // Interleaved rounds, best median each, so that a burst of load elsewhere hits all three alike.
  let processMs = Infinity
  let threadMs = Infinity
  let bareMs = Infinity
  for (let round = 0; round < IPC_ROUNDS; round++) {
    bareMs = Math.min(bareMs, await bareNodeIpcEcho(input, steps))
    processMs = Math.min(
      processMs,
      await time('bench stage process', () => processTransport({ env: {} }))
    )
    threadMs = Math.min(threadMs, await time('bench worker', () => threadTransport(threadEntry)))
  }
  return {
    hidden,
    context,
    steps,
    processRoundTripMs: processMs,
    threadRoundTripMs: threadMs,
    bareNodeIpcRoundTripMs: bareMs
  }
}

const IPC_ROUNDS = 3

/** A plain Node child that sends back every message it gets over Node's IPC channel. */
const ECHO_CHILD = "process.on('message', (message) => process.send(message))"

async function bareNodeIpcEcho(input: () => StageInput, steps: number): Promise<number> {
  const child = spawn(process.execPath, ['-e', ECHO_CHILD], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    serialization: 'advanced'
  })
  let failed: Error | undefined
  child.on('error', (error) => (failed = error))
  try {
    const times: number[] = []
    for (let i = 0; i < steps + 20; i++) {
      if (failed) throw failed
      const started = performance.now()
      await new Promise<void>((resolve) => {
        child.once('message', () => resolve())
        child.send({ kind: 'echo', call: i, input: input() })
      })
      if (i >= 20) times.push(performance.now() - started)
    }
    return median(times)
  } finally {
    child.kill()
  }
}

const ROUNDS = 5

/**
 * One stage process over the decoder against two (split in the middle) on the same adapter. The
 * head's layer stays a CPU stage in both: SwiftShader, the adapter CI has, takes seconds per
 * step for a full-vocabulary head, which would hide what is measured.
 */
export async function benchStageProcessDecode(
  pkgDir: string,
  options: { device?: DeviceRef; tokens?: number } = {}
): Promise<StageProcessDecodeFigures> {
  const device = options.device ?? { kind: 'webgpu', index: 0 }
  const tokens = options.tokens ?? 16
  const pkg = await ModelPackage.open(pkgDir, { verify: 'size' })
  const layers = pkg.manifest.arch.llm.layers
  if (layers < 3) throw new RangeError(`the bench needs 3 or more layers, the model has ${layers}`)
  const head: StageSpec = { layers: [layers - 1, layers], device: CPU, isLast: true }
  const mid = Math.floor((layers - 1) / 2)
  const gpu = (from: number, to: number): StageSpec => ({
    layers: [from, to],
    device,
    isLast: false
  })
  const one = [gpu(0, layers - 1), head]
  const two = [gpu(0, mid), gpu(mid, layers - 1), head]
  const load = async (
    specs: StageSpec[]
  ): Promise<{ runner: ModelRunner; stages: TimedStage[] }> => {
    const pool = new WorkerPool()
    const timed = timedOpener(workerStageOpener(specs.length, { pool }))
    try {
      const runner = await ModelRunner.load(pkg.dir, {
        verify: 'size',
        stages: specs,
        openStage: timed.open
      })
      return { runner, stages: timed.opened }
    } catch (error) {
      await pool.close()
      throw error
    }
  }
  const oneLoaded = await load(one)
  const oneRunner = oneLoaded.runner
  try {
    const twoLoaded = await load(two)
    const twoRunner = twoLoaded.runner
    try {
      // Untimed: the first steps of each runner compile its kernels.
      await decodeSpeed(oneRunner, 2)
      await decodeSpeed(twoRunner, 2)
      for (const stage of [...oneLoaded.stages, ...twoLoaded.stages]) stage.times = []
      const roundCosts: number[] = []
      let oneBest = 0
      let twoBest = 0
      for (let round = 0; round < ROUNDS; round++) {
        // Alternate who goes first, so that neither always runs just after the other's burst.
        const first = round % 2 === 0 ? oneRunner : twoRunner
        const firstSpeed = await decodeSpeed(first, tokens)
        const secondSpeed = await decodeSpeed(first === oneRunner ? twoRunner : oneRunner, tokens)
        const [oneSpeed, twoSpeed] =
          first === oneRunner ? [firstSpeed, secondSpeed] : [secondSpeed, firstSpeed]
        roundCosts.push(1 - twoSpeed / oneSpeed)
        oneBest = Math.max(oneBest, oneSpeed)
        twoBest = Math.max(twoBest, twoSpeed)
      }
      return {
        device: formatDevice(device),
        tokens,
        oneProcessTokensPerSecond: oneBest,
        twoProcessTokensPerSecond: twoBest,
        cost: median(roundCosts),
        roundCosts,
        oneProcessStageMs: oneLoaded.stages.map((stage) => median(stage.times)),
        twoProcessStageMs: twoLoaded.stages.map((stage) => median(stage.times))
      }
    } finally {
      await twoRunner.dispose()
    }
  } finally {
    await oneRunner.dispose()
  }
}

const CPU = { kind: 'cpu', index: 0 } as const

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}
