// `mpp bench --model PKG [--json]`: every speed figure of a model package in one run (see
// main/inference/bench/model-bench.ts): decode at 64/512/2048 tokens of context, prefill, weight
// traffic per stage device against its own bandwidth, turn figures for a long conversation, an
// image and a video, and the decode figures again on each --compare device.
import type { Command } from 'commander'
import { buildReport, formatReport } from '../../inference/bench/bench-report'
import {
  BENCH_CONTEXT,
  BENCH_FIGURES,
  DEFAULT_CONTEXTS,
  runModelBench,
  type BenchFigure
} from '../../inference/bench/model-bench'
import { DEMO_MODEL_NOTICE, ensureDemoModel } from '../../inference/demo-model'
import { formatDevice, parseDeviceList } from '../../inference/devices/device-ref'
import { EngineError } from '../../inference/engine-errors'
import { ModelPackage } from '../../inference/package/model-package'
import type { PlacementRequest } from '../../inference/placement/types'
import {
  addPlacementOptions,
  readPlacementRequest,
  type PlacementFlags
} from '../placement-options'
import { runAction } from '../run-action'
import { wholeNumberFlag } from '../whole-number-flag'

interface BenchModelFlags extends PlacementFlags {
  model?: string
  video?: string
  steps: string
  compare?: string
  contexts: string
  skip?: string
  json?: boolean
}

function readContexts(text: string): number[] {
  const contexts = text.split(',').map((part) => Number(part.trim()))
  if (
    contexts.some((c) => !Number.isInteger(c) || c < 1 || c > BENCH_CONTEXT / 2) ||
    !contexts.includes(64) ||
    !contexts.includes(2048)
  ) {
    throw new EngineError(
      'BAD_REQUEST',
      `--contexts takes whole numbers up to ${BENCH_CONTEXT / 2} including 64 and 2048, got "${text}"`
    )
  }
  return contexts
}

function readSkip(text: string | undefined): Set<BenchFigure> {
  const skip = new Set<BenchFigure>()
  for (const name of (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const figure = BENCH_FIGURES.find((f) => f === name)
    if (figure === undefined) {
      throw new EngineError(
        'BAD_REQUEST',
        `--skip takes ${BENCH_FIGURES.join(', ')} (comma-separated), got "${name}"`
      )
    }
    skip.add(figure)
  }
  return skip
}

/** The run's placement, planned for the contexts the bench reaches unless --context says. */
async function benchPlacement(flags: PlacementFlags): Promise<PlacementRequest | undefined> {
  const request = await readPlacementRequest(flags)
  if (Object.keys(request).length === 0) return undefined
  return { context: BENCH_CONTEXT, ...request }
}

async function benchModel(flags: BenchModelFlags): Promise<void> {
  const steps = wholeNumberFlag('--steps', flags.steps, 2)
  const skip = readSkip(flags.skip)
  const contexts = readContexts(flags.contexts)
  const compare =
    flags.compare === undefined ? [] : parseDeviceList(flags.compare).map(formatDevice)
  const log =
    flags.json === true
      ? (): void => undefined
      : (line: string): void => void process.stderr.write(`${line}\n`)
  let modelDir = flags.model
  if (modelDir === undefined) {
    process.stderr.write(`${DEMO_MODEL_NOTICE}\n`)
    modelDir = await ensureDemoModel()
  }
  const manifest = (await ModelPackage.open(modelDir, { verify: 'size' })).manifest
  const result = await runModelBench({
    modelDir,
    placement: await benchPlacement(flags),
    compare,
    steps,
    contexts,
    skip,
    video: flags.video,
    log
  })
  const report = buildReport(modelDir, manifest, result)
  if (flags.json === true) process.stdout.write(`${JSON.stringify(report)}\n`)
  else process.stdout.write(`${formatReport(report)}\n`)
}

export function registerBenchModel(bench: Command): void {
  addPlacementOptions(bench)
  bench
    .option('-m, --model <pkg>', 'model package to measure (default: the random-weight demo model)')
    .option('--video <file>', 'video for the video figures (default: a generated 4 s clip)')
    .option('--steps <n>', 'decode steps per measurement', '64')
    .option(
      '--compare <devices>',
      'also measure decode and prefill with the whole decoder on each of these devices (e.g. cpu,webgpu)'
    )
    .option(
      '--contexts <list>',
      'contexts of the decode figures (must include 64 and 2048)',
      DEFAULT_CONTEXTS.join(',')
    )
    .option('--skip <figures>', `leave out some of: ${BENCH_FIGURES.join(', ')}`)
    .option('--json', 'print one JSON object')
    .action(runAction(async (flags: BenchModelFlags) => benchModel(flags)))
}
