// Figures for stage processes (one per WebGPU stage): (1) the IPC cost per token, the round trip
// of one decode step's input (hidden [1, 1, hidden] plus what its position tables are built from) to a stage
// process and of its hidden state back, through the real protocol, zod checks included, against
// the same round trip to a worker thread; (2) greedy decode speed with the decoder as two stage
// processes on one adapter against one, reported as the fraction of speed lost.
import { spawn } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { formatDevice, type DeviceRef } from '../devices/device-ref'
import { ModelPackage } from '../package/model-package'
import { encodeFrame } from '../child-process/frame-codec'
import { stepPositions } from '../runtime/position-inputs'
import { toWire, type StageWireInput } from '../runtime/stage-wire'
import { ModelRunner } from '../runtime/model-runner'
import { workerStageOpener } from '../runtime/split-runner'
import type { StageSpec } from '../runtime/stage'
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
  /** Timed round trips of each kind, taken in turn with the others. */
  steps: number
  /** Untimed round trips of each kind before them. */
  warmupSteps: number
  /** Bytes of one step's frame to a stage process: the hidden row, then a small JSON header. */
  frameBytes: number
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
  const steps = options.steps ?? 1000
  // A decode step as the host sends it: the hidden row plus what its position tables were built
  // from (stage-wire.ts); the bare Node baseline carries the same message.
  const arch = { headDim, rotaryBase: 10000, seqLength: 8192, useLognAttn: true }
  const input = (): StageWireInput =>
    toWire({
      hidden: new Float32Array(hidden).fill(0.5),
      tokens: 1,
      logits: 'top-k',
      ...stepPositions(arch, context, 1, 1)
    })
  const frameBytes = encodeFrame({ kind: 'echo', call: 1, input: input() }).length
  const echoers = await Promise.all([
    bareNodeIpcEchoer(input),
    stageEchoer('bench stage process', () => processTransport({ env: {} }), input, hidden),
    stageEchoer('bench worker', () => threadTransport(resolveStageWorkerEntry()), input, hidden)
  ])
  try {
    // One step of each in turn, rotating who goes first, so that all three see the same machine:
    // a round trip here is two wake-ups, and how fast a VM wakes a sleeping process changes over
    // the first second or so of ping-pong (the hypervisor's adaptive halt polling), then settles.
    // The warm-up steps cover that.
    const times: number[][] = echoers.map(() => [])
    for (let step = 0; step < IPC_WARMUP_STEPS + steps; step++) {
      for (let turn = 0; turn < echoers.length; turn++) {
        const which = (step + turn) % echoers.length
        const started = performance.now()
        await echoers[which].roundTrip()
        if (step >= IPC_WARMUP_STEPS) times[which].push(performance.now() - started)
      }
    }
    const [bareMs, processMs, threadMs] = times.map(median)
    return {
      hidden,
      context,
      steps,
      warmupSteps: IPC_WARMUP_STEPS,
      frameBytes,
      processRoundTripMs: processMs,
      threadRoundTripMs: threadMs,
      bareNodeIpcRoundTripMs: bareMs
    }
  } finally {
    await Promise.all(echoers.map((echoer) => echoer.close()))
  }
}

const IPC_WARMUP_STEPS = 1000

interface Echoer {
  /** Sends one step's input and resolves when it came back. */
  roundTrip(): Promise<void>
  close(): Promise<void>
}

async function stageEchoer(
  label: string,
  open: () => StageTransport,
  input: () => StageWireInput,
  hidden: number
): Promise<Echoer> {
  const worker = await DeviceWorker.start(label, open)
  return {
    roundTrip: async () => {
      const output = await worker.call({ kind: 'echo', input: input() }, stageOutputSchema)
      if (output.hidden?.length !== hidden) throw new Error(`${label} echoed a wrong hidden`)
    },
    close: () => worker.terminate()
  }
}

/** A plain Node child that sends back every message it gets over Node's IPC channel. */
const ECHO_CHILD = "process.on('message', (message) => process.send(message))"

async function bareNodeIpcEchoer(input: () => StageWireInput): Promise<Echoer> {
  const child = spawn(process.execPath, ['-e', ECHO_CHILD], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    serialization: 'advanced'
  })
  let failed: Error | undefined
  let pending: { resolve(): void; reject(error: Error): void } | undefined
  const fail = (error: Error): void => {
    failed ??= error
    pending?.reject(failed)
  }
  child.on('error', fail)
  child.on('exit', (code, signal) => fail(new Error(`the echo child exited (${signal ?? code})`)))
  child.on('message', () => pending?.resolve())
  let call = 0
  return {
    roundTrip: () => {
      if (failed) return Promise.reject(failed)
      return new Promise<void>((resolve, reject) => {
        pending = { resolve, reject }
        child.send({ kind: 'echo', call: call++, input: input() })
      })
    },
    close: async () => {
      child.kill()
    }
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
