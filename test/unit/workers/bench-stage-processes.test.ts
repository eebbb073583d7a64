// `mpp bench stage-processes --json` (IPC part): what one decode step sends to a stage process is
// the hidden row plus a header naming what its position tables are built from, so the frame's
// size is known by hand; the three round trips are measured and the IPC check carries the
// issue's target. Speed itself is the bench's to judge, not this test's.
import { execFile } from 'node:child_process'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'

const cli = join(resolve(import.meta.dirname, '../../..'), 'out/main/cli.js')

const figures = z.object({
  ipc: z.object({
    hidden: z.number(),
    context: z.number(),
    steps: z.number(),
    warmupSteps: z.number(),
    frameBytes: z.number(),
    processRoundTripMs: z.number().positive(),
    threadRoundTripMs: z.number().positive(),
    bareNodeIpcRoundTripMs: z.number().positive()
  }),
  checks: z.array(
    z.object({ name: z.string(), value: z.number(), target: z.string(), pass: z.boolean() })
  )
})

describe('mpp bench stage-processes', () => {
  it('sends a step as the hidden row and a small header, and reports the IPC figures', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [cli, 'bench', 'stage-processes', '--hidden', '1024', '--json'],
      { timeout: 120_000 }
    )
    const { ipc, checks } = figures.parse(JSON.parse(stdout))
    const header =
      '{"kind":"echo","call":1,"input":{"hidden":{"$f32":1024},"tokens":1,"positions":' +
      '{"arch":{"headDim":128,"rotaryBase":10000,"seqLength":8192,"useLognAttn":true},' +
      '"start":512,"alpha":1},"logits":"top-k"}}'
    // [u32 header length][u32 payload length][header padded to 4n][1024 floats]
    expect(ipc.frameBytes).toBe(8 + Math.ceil(header.length / 4) * 4 + 1024 * 4)
    expect(ipc).toMatchObject({ hidden: 1024, context: 512, steps: 1000, warmupSteps: 1000 })
    expect(checks.map(({ name, target }) => [name, target])).toEqual([
      ['IPC ms per token', '<= 0.3']
    ])
    expect(checks[0].value).toBe(ipc.processRoundTripMs)
    expect(checks[0].pass).toBe(ipc.processRoundTripMs <= 0.3)
  }, 130_000)
})
