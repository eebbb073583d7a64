// `mpp bench` on a model package, in one run: decode speed at 64/512/2048 tokens of context (and
// the engine's overhead against a bare ONNX Runtime loop), prefill of a 1k-token prompt, weight
// traffic per stage device against that device's own copy bandwidth, the follow-up first token
// after a long conversation, one image, a 32-frame video (skipped without ffmpeg), the worker
// pipelining figures, and the decode figures again with the decoder alone on each --compare device.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Engine } from '../engine'
import { MediaError, findFfmpeg } from '../../media'
import {
  decodeAtContext,
  prefillSpeed,
  type DecodeFigures,
  type PrefillFigures
} from './decode-bench'
import { parseDevice } from '../devices/device-ref'
import { countDecodeDispatches } from '../runtime/gpu-dispatch-count'
import type { ModelPackage } from '../package/model-package'
import { DeviceBandwidths, stageTraffic, type StageTraffic } from './stage-traffic'
import { followUpBench, mediaBench, randomImage, randomVideo } from './turn-bench'
import type { FollowUpFigures, MediaFigures } from './turn-bench'
import { benchPipelining, type PipeliningFigures } from './worker-bench'

export const BENCH_FIGURES = ['follow-up', 'image', 'video', 'pipelining'] as const
export type BenchFigure = (typeof BENCH_FIGURES)[number]

export interface ModelBenchOptions {
  readonly modelDir: string
  /** Placement wishes for the main run (undefined: everything on the CPU). */
  readonly placement: unknown
  /** Devices to run the whole decoder on as well, one after the other, for the decode figures. */
  readonly compare: readonly string[]
  readonly steps: number
  /** Contexts of the main run's decode figures; must hold 64 and 2048. */
  readonly contexts: readonly number[]
  readonly skip: ReadonlySet<BenchFigure>
  readonly video?: string
  readonly log: (line: string) => void
}

export interface Skipped {
  skipped: string
}

/** The decode figures of one placement of the decoder. */
export interface DecodeSet {
  /** The stage devices, e.g. "cpu", "webgpu" or "webgpu+cpu". */
  device: string
  stages: { layers: [number, number]; device: string }[]
  decode: Record<string, DecodeFigures>
  decodeRatio2048to64: number
  prefill: PrefillFigures
  stageTraffic: StageTraffic[]
  /** Null until the stage sessions hand over ORT profiles (dispatch-count.ts). */
  dispatchesPerToken: number | null
}

/** A --compare device the model could not run on. */
export interface CompareFailure {
  device: string
  error: string
}

export interface ModelBenchResult {
  main: DecodeSet
  compared: (DecodeSet | CompareFailure)[]
  cpuCopyBytesPerSec: number
  followUp: FollowUpFigures | Skipped
  image: MediaFigures | Skipped
  video: MediaFigures | Skipped
  pipelining: PipeliningFigures | Skipped | { error: string }
  engine: Engine['info']
}

/** Contexts of the main run's decode figures; 64 and 2048 are always among them. */
export const DEFAULT_CONTEXTS: readonly number[] = [64, 512, 2048]
/**
 * KV capacity a placed run is planned for: the longest context measured plus its decode steps
 * (a model's own seq_length, the planner's default, can be shorter: 2048 for Qwen-14B).
 */
export const BENCH_CONTEXT = 4096
const COMPARE_CONTEXTS = [64, 2048]

export async function runModelBench(o: ModelBenchOptions): Promise<ModelBenchResult> {
  const bandwidths = new DeviceBandwidths()
  // Measured before any model is loaded, on a quiet heap.
  const cpuCopyBytesPerSec = (await bandwidths.of('cpu')) ?? 0
  const engine = await Engine.load(o.modelDir, { placement: o.placement })
  const temp = await mkdtemp(join(tmpdir(), 'mpp-bench-'))
  let info: Engine['info']
  let main: DecodeSet
  let followUp: ModelBenchResult['followUp'] = skippedBy('follow-up')
  let image: ModelBenchResult['image'] = skippedBy('image')
  let video: ModelBenchResult['video'] = skippedBy('video')
  try {
    info = engine.info
    // The bare loop runs the single-stage CPU graph; a placed model has no one graph to compare.
    main = await decodeSet(engine, o.contexts, o, o.placement === undefined, bandwidths)
    if (!o.skip.has('follow-up')) {
      o.log('follow-up after a 1000-token conversation…')
      followUp = await followUpBench(engine)
    }
    if (!o.skip.has('image')) {
      o.log('one image…')
      // Three never-seen images; the least disturbed run counts (the machine may be shared).
      const runs: MediaFigures[] = []
      for (let i = 0; i < 3; i++) {
        runs.push(await mediaBench(engine, { kind: 'image', path: await randomImage(temp) }, 1))
      }
      image = runs.reduce((a, b) => (b.msToFirstToken < a.msToFirstToken ? b : a))
      o.log(
        `image: encode ${image.imageEncodeMs.toFixed(0)} ms, first token ${image.msToFirstToken.toFixed(0)} ms`
      )
    }
    if (!o.skip.has('video')) video = await videoFigure(engine, temp, o)
  } finally {
    await engine.unload()
    await rm(temp, { recursive: true, force: true })
  }
  const compared: ModelBenchResult['compared'] = []
  for (const device of o.compare) {
    o.log(`the decoder alone on ${device}…`)
    // A device that cannot run the model must not lose the figures already measured.
    try {
      const alone = await Engine.load(o.modelDir, {
        placement: { devices: [device], context: BENCH_CONTEXT }
      })
      try {
        compared.push(await decodeSet(alone, COMPARE_CONTEXTS, o, false, bandwidths))
      } finally {
        await alone.unload()
      }
    } catch (error) {
      compared.push({ device, error: error instanceof Error ? error.message : String(error) })
    }
  }
  let pipelining: ModelBenchResult['pipelining'] = skippedBy('pipelining')
  if (!o.skip.has('pipelining')) {
    o.log('pipelining: split vision tower, two-stage decoder…')
    // The worker figures are an extra; their failure must not lose the engine's figures.
    pipelining = await benchPipelining(o.modelDir).catch((error: unknown) => ({
      error: error instanceof Error ? error.message : String(error)
    }))
  }
  return { main, compared, cpuCopyBytesPerSec, followUp, image, video, pipelining, engine: info }
}

function skippedBy(figure: BenchFigure): Skipped {
  return { skipped: `--skip ${figure}` }
}

async function decodeSet(
  engine: Engine,
  contexts: readonly number[],
  o: ModelBenchOptions,
  withBareLoop: boolean,
  bandwidths: DeviceBandwidths
): Promise<DecodeSet> {
  const parts = engine.internals()
  const stages = engine.info.stages.map((s) => ({
    layers: [s.layers[0], s.layers[1]] as [number, number],
    device: s.device
  }))
  const device = [...new Set(stages.map((s) => s.device))].join('+')
  const decode: Record<string, DecodeFigures> = {}
  for (const context of contexts) {
    o.log(`${device}: decode at ${context} tokens of context…`)
    const bare = withBareLoop ? parts.pkg : undefined
    decode[context] = await decodeAtContext(parts.chain, parts.facts, bare, context, o.steps)
    // Each figure as it comes, so a long run that is stopped still leaves its numbers.
    o.log(`${device}: decode @${context}: ${decode[context].tokensPerSec.toFixed(2)} tok/s`)
  }
  o.log(`${device}: prefill of a 1024-token prompt…`)
  const prefill = await prefillSpeed(parts.chain, parts.facts)
  o.log(`${device}: prefill: ${prefill.tokensPerSec.toFixed(2)} tok/s`)
  const at64 = decode[64].tokensPerSec
  return {
    device,
    stages,
    decode,
    decodeRatio2048to64: decode[2048].tokensPerSec / at64,
    prefill,
    stageTraffic: await stageTraffic(parts.pkg.manifest, stages, at64, bandwidths),
    dispatchesPerToken: await webgpuDispatches(parts.pkg, stages)
  }
}

/**
 * Kernel dispatches per decode token over the WebGPU stages, each profiled on its own copy of the
 * stage (ORT's profiler, runtime/gpu-dispatch-count.ts); null when no stage is on WebGPU.
 */
async function webgpuDispatches(
  pkg: ModelPackage,
  stages: readonly { layers: [number, number]; device: string }[]
): Promise<number | null> {
  let total: number | null = null
  for (const [index, stage] of stages.entries()) {
    const device = parseDevice(stage.device)
    if (device.kind !== 'webgpu') continue
    const spec = { layers: stage.layers, device, isLast: index === stages.length - 1 }
    const report = await countDecodeDispatches(pkg, spec, { context: 64 })
    total = (total ?? 0) + report.kernelRuns
  }
  return total
}

async function videoFigure(
  engine: Engine,
  temp: string,
  o: ModelBenchOptions
): Promise<MediaFigures | Skipped> {
  try {
    await findFfmpeg()
  } catch (error) {
    if (error instanceof MediaError && error.code === 'FFMPEG_NOT_FOUND') {
      o.log('video: skipped (no ffmpeg)')
      return { skipped: 'no ffmpeg' }
    }
    throw error
  }
  o.log('a 32-frame video…')
  const path = o.video ?? (await randomVideo(temp))
  const item = { kind: 'video', path, frames: 32 } as const
  const frames = await engine.internals().media.countImages(item)
  return mediaBench(engine, item, frames)
}
