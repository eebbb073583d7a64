// `mpp make-bench-model`: writes a timing-only model package at a real shape (or, with --plan,
// only prints what it would write), so anyone can measure the 7B/14B model without its weights.
import { InvalidArgumentError, type Command } from 'commander'
import { benchModelPlan, makeBenchModel } from '../../inference/bench/bench-model/make-bench-model'
import type { BenchModelPlan } from '../../inference/bench/bench-model/plan'
import { BENCH_SHAPES, type BenchShape } from '../../inference/bench/bench-model/shapes'
import { ConvertError } from '../../inference/convert/errors'
import { packageDtypeSchema, type PackageDtype } from '../../inference/package/manifest'
import { runAction } from '../run-action'

interface MakeBenchModelFlags {
  shape: BenchShape
  dtype: PackageDtype
  out?: string
  plan?: boolean
  json?: boolean
}

function shapeArg(value: string): BenchShape {
  const shape = BENCH_SHAPES.find((s) => s === value)
  if (shape === undefined)
    throw new InvalidArgumentError(`expected one of ${BENCH_SHAPES.join(', ')}`)
  return shape
}

function dtypeArg(value: string): PackageDtype {
  const parsed = packageDtypeSchema.safeParse(value)
  if (!parsed.success) throw new InvalidArgumentError('expected int4, fp16 or fp32')
  return parsed.data
}

/** The plan as plain JSON: sizes and the per-token weight traffic; with details, files and tensors. */
function planSummary(shape: BenchShape, plan: BenchModelPlan, details: boolean): object {
  const summary = {
    shape,
    dtype: plan.dtype,
    int4BlockSize: plan.int4BlockSize,
    arch: plan.arch,
    sizes: plan.sizes,
    diskBytes: plan.diskBytes,
    weightBytesPerToken: plan.weightBytesPerToken
  }
  if (!details) return summary
  const files = plan.files.map((f) => ({ path: f.path, bytes: f.bytes, linkOf: f.linkOf }))
  return { ...summary, files, tensors: plan.tensors }
}

const gb = (bytes: number): string => `${(bytes / 1e9).toFixed(2)} GB`

export function register(program: Command): void {
  program
    .command('make-bench-model')
    .description(
      'Write a timing-only model package at a real shape (filled weights): how fast would it run here?'
    )
    .requiredOption('--shape <name>', BENCH_SHAPES.join(' | '), shapeArg)
    .option('--dtype <dtype>', 'int4 | fp16 | fp32', dtypeArg, 'int4')
    .option('--out <dir>', 'folder to write the package into (must not exist)')
    .option('--plan', 'print the sizes and files it would write, and write nothing')
    .option('--json', 'print one JSON object')
    .action(
      runAction(async (flags: MakeBenchModelFlags) => {
        if (flags.plan === true) {
          const plan = benchModelPlan(flags.shape, flags.dtype)
          if (flags.json === true) {
            process.stdout.write(`${JSON.stringify(planSummary(flags.shape, plan, true))}\n`)
          } else {
            process.stdout.write(
              `${flags.shape} ${flags.dtype}: ${gb(plan.diskBytes)} on disk, ${gb(plan.weightBytesPerToken)} of weights read per decode token\n`
            )
          }
          return
        }
        if (flags.out === undefined) {
          throw new ConvertError('BAD_OPTION', '--out <dir> is required (or pass --plan)')
        }
        const result = await makeBenchModel({
          shape: flags.shape,
          dtype: flags.dtype,
          out: flags.out
        })
        if (flags.json === true) {
          process.stdout.write(
            `${JSON.stringify({ out: flags.out, seconds: result.seconds, ...planSummary(flags.shape, result.plan, false) })}\n`
          )
          return
        }
        process.stdout.write(
          `wrote the ${flags.shape} ${flags.dtype} bench model to ${flags.out} in ${result.seconds.toFixed(1)} s: ` +
            `${gb(result.plan.diskBytes)} on disk, ${gb(result.plan.weightBytesPerToken)} of weights per decode token.\n` +
            'Its weights are a fill pattern, for timing only: its answers mean nothing. Measure it with\n' +
            `  mpp bench --model ${flags.out}\n`
        )
      })
    )
}
