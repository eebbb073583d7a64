// Counts the kernel runs (dispatches of ORT kernels) of one decode step of a WebGPU gqa stage
// with ONNX Runtime's profiler, for `mpp bench` and the tests: the stage's graph is opened with
// profiling on, a prompt of `context` tokens is prefilled, then one token is decoded, and the
// profile's node events inside that last run are counted per operator and per EP.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'
import type { GpuKvVariant } from '../onnx/gpu-decoder-graph'
import { segmentGraph } from '../onnx/segment-graph'
import type { ModelPackage } from '../package/model-package'
import { GqaStage } from './gqa-stage'
import { stepPositions } from './position-inputs'
import type { StageSpec } from './stage'

export interface DispatchReport {
  /** Kernel runs in one decode step (one per graph node ORT executed). */
  kernelRuns: number
  /** Kernel runs per operator type. */
  byOp: Record<string, number>
  /** Kernel runs per execution provider (all WebGpuExecutionProvider when nothing falls back). */
  byProvider: Record<string, number>
}

const profileEvent = z.object({
  cat: z.string(),
  name: z.string(),
  ts: z.number(),
  dur: z.number(),
  args: z.object({ op_name: z.string().optional(), provider: z.string().optional() }).optional()
})

/** Counts the node events of the last `model_run` in an ORT profile (a JSON array of events). */
export function countLastRun(events: readonly z.infer<typeof profileEvent>[]): DispatchReport {
  const runs = events.filter((e) => e.cat === 'Session' && e.name === 'model_run')
  const last = runs.at(-1)
  if (last === undefined) throw new Error('the profile holds no model_run event')
  const inside = events.filter(
    (e) =>
      e.cat === 'Node' &&
      e.name.endsWith('_kernel_time') &&
      e.ts >= last.ts &&
      e.ts <= last.ts + last.dur
  )
  const report: DispatchReport = { kernelRuns: inside.length, byOp: {}, byProvider: {} }
  for (const e of inside) {
    const op = e.args?.op_name ?? 'unknown'
    const provider = e.args?.provider ?? 'unknown'
    report.byOp[op] = (report.byOp[op] ?? 0) + 1
    report.byProvider[provider] = (report.byProvider[provider] ?? 0) + 1
  }
  return report
}

export async function countDecodeDispatches(
  pkg: ModelPackage,
  spec: StageSpec,
  options: { variant?: GpuKvVariant; context?: number } = {}
): Promise<DispatchReport> {
  const llm = pkg.manifest.arch.llm
  const variant = options.variant ?? 'gqa'
  const context = options.context ?? 16
  const dir = await mkdtemp(join(tmpdir(), 'mpp-profile-'))
  const graph = await segmentGraph(pkg, spec.layers[0], spec.layers[1], variant)
  const stage = await GqaStage.create(pkg, spec, variant, graph, {
    sessionOverrides: { enableProfiling: true, profileFilePrefix: join(dir, 'decode') }
  })
  try {
    const seq = stage.openSequence()
    const run = (start: number, tokens: number): Promise<unknown> =>
      stage.forward(seq, {
        hidden: new Float32Array(tokens * llm.hidden).fill(0.01),
        tokens,
        logits: 'argmax',
        ...stepPositions(llm, start, tokens, 1)
      })
    await run(0, context)
    await run(context, 1)
    stage.endProfiling()
    const file = (await readdir(dir)).find((f) => f.endsWith('.json'))
    if (file === undefined) throw new Error('onnxruntime wrote no profile')
    const events = z.array(profileEvent).parse(JSON.parse(await readFile(join(dir, file), 'utf8')))
    return countLastRun(events)
  } finally {
    await stage.dispose()
    await rm(dir, { recursive: true, force: true })
  }
}
