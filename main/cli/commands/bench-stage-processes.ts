// `mpp bench stage-processes [--model PKG] [--device webgpu] [--json]`: the IPC cost per token of
// a stage process (hidden 4096 by default, target <= 0.3 ms) and, with a model package, the decode
// speed of two stage processes on one adapter against one (target: <= 10 % slower), in one run.
import type { Command } from 'commander'
import { benchIpc, benchStageProcessDecode } from '../../inference/bench/stage-process-bench'
import { parseDevice } from '../../inference/devices/device-ref'
import { runAction } from '../run-action'
import { wholeNumberFlag } from '../whole-number-flag'

interface Flags {
  model?: string
  device: string
  hidden: string
  steps: string
  json?: boolean
}

async function benchStageProcesses(_own: Flags, command: Command): Promise<void> {
  // `mpp bench` itself takes --model: read it from the parent too.
  const flags = command.optsWithGlobals<Flags>()
  const hidden = wholeNumberFlag('--hidden', flags.hidden)
  const steps = wholeNumberFlag('--steps', flags.steps, 2)
  const ipc = await benchIpc({ hidden })
  const decode =
    flags.model === undefined
      ? undefined
      : await benchStageProcessDecode(flags.model, {
          device: parseDevice(flags.device),
          tokens: steps
        })
  const checks = [
    { name: 'IPC ms per token', value: ipc.processRoundTripMs, target: '<= 0.3' },
    ...(decode ? [{ name: 'two-process decode cost', value: decode.cost, target: '<= 0.10' }] : [])
  ].map((check) => ({ ...check, pass: check.value <= Number(check.target.slice(3)) }))
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ ipc, decode, checks })}\n`)
    return
  }
  const lines = [
    `IPC per token (hidden ${ipc.hidden}, context ${ipc.context}, ${ipc.frameBytes} bytes a step): stage process ${ipc.processRoundTripMs.toFixed(3)} ms, bare Node IPC echo ${ipc.bareNodeIpcRoundTripMs.toFixed(3)} ms (baseline; ratio ${(ipc.processRoundTripMs / ipc.bareNodeIpcRoundTripMs).toFixed(2)}), worker thread ${ipc.threadRoundTripMs.toFixed(3)} ms (medians of ${ipc.steps} interleaved steps each, after ${ipc.warmupSteps} warm-up steps)`
  ]
  if (decode)
    lines.push(
      `decode on ${decode.device}: one stage process ${decode.oneProcessTokensPerSecond.toFixed(1)} tok/s, two ${decode.twoProcessTokensPerSecond.toFixed(1)} tok/s; cost ${(decode.cost * 100).toFixed(1)} % (median of rounds: ${decode.roundCosts.map((cost) => (cost * 100).toFixed(1)).join(', ')} %)`,
      `  ms per step by stage (GPU stages, then the CPU head): one ${formatMs(decode.oneProcessStageMs)}; two ${formatMs(decode.twoProcessStageMs)}`
    )
  for (const check of checks)
    lines.push(
      `${check.pass ? 'ok  ' : 'MISS'} ${check.name}: ${check.value.toFixed(3)} (${check.target})`
    )
  process.stdout.write(`${lines.join('\n')}\n`)
}

function formatMs(values: readonly number[]): string {
  return values.map((value) => value.toFixed(2)).join(' + ')
}

export function registerBenchStageProcesses(bench: Command): void {
  bench
    .command('stage-processes')
    .description('IPC cost per token of a stage process, and two stage processes against one')
    .option('-m, --model <pkg>', 'model package for the decode comparison (3+ layers)')
    .option('--device <name>', 'adapter the stage processes run on', 'webgpu')
    .option('--hidden <n>', 'hidden size of the IPC measure', '4096')
    .option('--steps <n>', 'decode steps per round', '16')
    .option('--json', 'print the figures as JSON')
    .action(runAction(benchStageProcesses))
}
