// `mpp bench api [--model PKG] [--json]`: the local API's overhead per request against the
// engine called directly (text only, and with one image sent as a data: URL), and the prefix
// reuse hit rate of interleaved multi-turn conversations (see main/api-server/bench).
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Command } from 'commander'
import { benchApi, type ApiBenchFigures } from '../../api-server/bench/api-bench'
import { DEMO_MODEL_NOTICE, ensureDemoModel } from '../../inference/demo-model'
import { Engine } from '../../inference/engine'
import { randomImage } from '../../inference/bench/turn-bench'
import { runAction } from '../run-action'
import { wholeNumberFlag } from '../whole-number-flag'

/** The target of issue 14: at most 5 ms per request on top of the engine (plus image transfer). */
export const API_OVERHEAD_TARGET_MS = 5

interface BenchApiFlags {
  model?: string
  requests: string
  json?: boolean
}

function report(f: ApiBenchFigures): string {
  const ms = (x: number): string => `${x.toFixed(2)} ms`
  const pass = f.apiAlone.cpuMs <= API_OVERHEAD_TARGET_MS ? 'PASS' : 'MISS'
  return [
    `bare loopback HTTP round trip: ${ms(f.bareHttpMs)}, CPU ${ms(f.bareHttpCpuMs)} (medians of ${f.requests})`,
    `API alone (an engine that answers at once): ${ms(f.apiAlone.wallMs)}, CPU ${ms(f.apiAlone.cpuMs)}`,
    `API text request: ${ms(f.text.apiMs)} vs engine ${ms(f.text.directMs)} (difference ${ms(f.text.differenceMs)}); the API's own share ${ms(f.text.overheadMs)}, its CPU time ${ms(f.text.cpuOverheadMs)} (medians of ${f.requests})`,
    `API with one image (${(f.image.dataUrlBytes / 1024).toFixed(0)} KiB data: URL): ${ms(f.image.apiMs)} vs engine ${ms(f.image.directMs)} (difference ${ms(f.image.differenceMs)}); the API's own share ${ms(f.image.overheadMs)}, its CPU time ${ms(f.image.cpuOverheadMs)}`,
    `prefix reuse: ${f.prefixReuse.hits}/${f.prefixReuse.followUps} follow-ups hit (${(f.prefixReuse.hitRate * 100).toFixed(0)}%), ${(f.prefixReuse.cachedShare * 100).toFixed(0)}% of their prompt tokens cached`,
    `${pass} API overhead per request (CPU, HTTP client included): ${ms(f.apiAlone.cpuMs)} (target <= ${API_OVERHEAD_TARGET_MS} ms; wall times swing with the machine's load)`
  ].join('\n')
}

export function registerBenchApi(bench: Command): void {
  bench
    .command('api')
    .description('the local API: overhead per request against the engine, prefix reuse hit rate')
    .option('-m, --model <pkg>', 'model package (default: the random-weight demo model)')
    .option('--requests <n>', 'requests per measurement', '20')
    .option('--json', 'print one JSON object')
    .action(
      runAction(async (_flags: BenchApiFlags, command: Command) => {
        // `bench` itself has --model and --json (the model benchmark's); commander gives them to it.
        const flags = command.optsWithGlobals<BenchApiFlags>()
        const requests = wholeNumberFlag('--requests', flags.requests, 3)
        let modelDir = flags.model
        if (modelDir === undefined) {
          process.stderr.write(`${DEMO_MODEL_NOTICE}\n`)
          modelDir = await ensureDemoModel()
        }
        const engine = await Engine.load(modelDir)
        const temp = await mkdtemp(join(tmpdir(), 'mpp-bench-api-'))
        try {
          const figures = await benchApi(
            { generate: (request, handlers, signal) => engine.generate(request, handlers, signal) },
            { dataDir: temp, imagePath: await randomImage(temp), requests }
          )
          process.stdout.write(
            `${flags.json === true ? JSON.stringify(figures) : report(figures)}\n`
          )
        } finally {
          await engine.unload()
          await rm(temp, { recursive: true, force: true })
        }
      })
    )
}
