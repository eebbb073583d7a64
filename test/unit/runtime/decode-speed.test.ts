// Opt-in measurement (MPP_PERF=1; minutes, builds the `small` test model): CPU decode time per
// token at contexts 64 and 2048 with the hostkv stage. Steps at the two contexts are interleaved
// so machine load hits both alike; medians are compared. Target: speed at 2048 ≥ 70 % of 64.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { convertModel } from '../../../main/inference/convert/convert'
import { ModelRunner, type RunnerSequence } from '../../../main/inference/runtime/model-runner'
import { makeTestModel } from '../../../main/inference/test-model/make-test-model'

const enabled = process.env.MPP_PERF === '1'
const fixtures = join(import.meta.dirname, '../../../../shared/fixtures')
let dir: string
let runner: ModelRunner

describe.skipIf(!enabled)('decode speed on the small test model (CPU)', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mpp-speed-'))
    const f = await makeTestModel({
      outDir: join(dir, 'src'),
      preset: 'small',
      tokenizerPath: join(fixtures, 'qwen.tiktoken')
    })
    const arch = JSON.parse(await readFile(f.archJson, 'utf8')) as object
    await writeFile(join(dir, 'arch.json'), JSON.stringify(arch))
    const out = join(dir, 'pkg')
    await convertModel({
      vit: f.vision,
      blip2: f.blip2,
      llm: f.qwenFolder,
      sft: f.sft,
      arch: join(dir, 'arch.json'),
      dtype: 'fp32',
      out
    })
    runner = await ModelRunner.load(out)
  }, 900_000)
  afterAll(async () => {
    await runner?.dispose()
    await rm(dir, { recursive: true, force: true })
  })

  it('decodes at 2048 tokens of context at ≥ 70 % of the speed at 64', async () => {
    const prefill = async (length: number): Promise<RunnerSequence> => {
      const seq = runner.openSequence()
      const ids = Array.from({ length }, (_, i) => (i * 7919) % 150000)
      for (let at = 0; at < length; at += 256) await runner.forward(seq, ids.slice(at, at + 256))
      return seq
    }
    const short = await prefill(64)
    const long = await prefill(2048)
    const times: Record<'short' | 'long', number[]> = { short: [], long: [] }
    for (let i = 0; i < 16; i++) {
      for (const [name, seq] of [
        ['short', short],
        ['long', long]
      ] as const) {
        const t0 = performance.now()
        await runner.forward(seq, [(i * 31) % 150000])
        times[name].push(performance.now() - t0)
      }
    }
    const median = (v: number[]): number => [...v].sort((a, b) => a - b)[v.length >> 1]
    const ratio = median(times.short) / median(times.long)
    console.log(
      `decode ms/token: context 64 ${median(times.short).toFixed(1)}, context 2048 ${median(times.long).toFixed(1)}, speed ratio ${(ratio * 100).toFixed(1)} %`
    )
    expect(ratio).toBeGreaterThanOrEqual(0.7)
  }, 900_000)
})
