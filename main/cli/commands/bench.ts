// The `mpp bench` command group. Each benchmark lives in its own module and attaches itself to
// the group through `benchRegistrations`; add new ones to that list.
import type { Command } from 'commander'
import { registerBenchApi } from './bench-api'
import { registerBenchFrames } from './bench-frames'
import { registerBenchModel } from './bench-model'
import { registerBenchPreprocess } from './bench-preprocess'
import { registerBenchStageProcesses } from './bench-stage-processes'

export type BenchRegistration = (bench: Command) => void

export const benchRegistrations: BenchRegistration[] = [
  registerBenchPreprocess,
  registerBenchApi,
  registerBenchFrames,
  registerBenchModel,
  registerBenchStageProcesses
]

export function register(program: Command): Command {
  const bench = program.command('bench').description('Measure the speed of engine parts')
  for (const registerBench of benchRegistrations) registerBench(bench)
  return bench
}
