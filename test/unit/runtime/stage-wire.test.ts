// What crosses to a stage process per step: the hidden rows and what the position tables were
// built from, never the tables. Checked on real frames (the channel's codec and the worker
// protocol's schema, as a stage process receives them): a decode step's payload is exactly the
// hidden row's bytes at any context; the tables rebuilt on the far side are bit-identical to the
// host's (NTK alpha 1 and 3, logn on and off); the causal bias is built only when read, and
// then equals a mask written out by hand; tables built some other way still cross as they are;
// and a peer cannot make a stage build tables beyond any real context.
import { describe, expect, it } from 'vitest'
import { encodeFrame, FrameReader } from '../../../main/inference/child-process/frame-codec'
import { MASKED, ntkAlpha, stepPositions } from '../../../main/inference/runtime/position-inputs'
import type { StageInput } from '../../../main/inference/runtime/stage'
import { fromWire, toWire } from '../../../main/inference/runtime/stage-wire'
import { toWorkerSchema } from '../../../main/inference/runtime/worker-protocol'
import { bytes } from './first-rows'

const arch = { headDim: 128, rotaryBase: 10000, seqLength: 2048, useLognAttn: true }
const HIDDEN = 4096

function step(start: number, count: number, alpha = 1): StageInput {
  const hidden = Float32Array.from({ length: count * HIDDEN }, (_, i) => Math.sin(i))
  return { hidden, tokens: count, logits: 'top-k', ...stepPositions(arch, start, count, alpha) }
}

/** The frame a host writes for `input`, and the StageInput a stage process makes of it. */
function crossProcess(input: StageInput): { frame: Buffer; received: StageInput } {
  const frame = encodeFrame({ kind: 'forward', call: 7, stage: 0, seq: 1, input: toWire(input) })
  const [raw] = new FrameReader().push(Buffer.from(frame))
  const message = toWorkerSchema.parse(raw)
  if (message.kind !== 'forward') throw new Error(`got ${message.kind}`)
  return { frame, received: fromWire(message.input) }
}

const payloadBytes = (frame: Buffer): number => frame.readUInt32LE(4)

describe('stage inputs on the wire', () => {
  it('carries only the hidden row per decode step, whatever the context', () => {
    for (const context of [16, 512, 4096, 8191]) {
      const { frame } = crossProcess(step(context, 1))
      // 4096 floats of 4 bytes; the tables alone would add 2 x 128 + 1 + (context + 1) floats.
      expect(payloadBytes(frame), `context ${context}`).toBe(4096 * 4)
      expect(frame.length, `context ${context}`).toBeLessThan(4096 * 4 + 512)
    }
    const { frame } = crossProcess(step(100, 64))
    expect(payloadBytes(frame)).toBe(64 * 4096 * 4)
  })

  it('rebuilds tables bit-identical to the host side, NTK and logn included', () => {
    // 3000 tokens of prefill past seqLength 2048: alpha = 2^ceil(log2(3000/2048) + 1) - 1 = 3.
    const alpha = ntkAlpha(3000, arch.seqLength, true)
    expect(alpha).toBe(3)
    for (const input of [step(0, 5), step(40, 1), step(2040, 16, alpha), step(3000, 1, alpha)]) {
      const { received } = crossProcess(input)
      expect(received.tokens).toBe(input.tokens)
      expect(received.logits).toBe('top-k')
      for (const key of ['hidden', 'ropeCos', 'ropeSin', 'lognScale', 'attnBias'] as const)
        expect(bytes(received[key]), key).toEqual(bytes(input[key]))
    }
    // Past seqLength the logn scale is ln(p + 1) / ln(2048) > 1, so that branch was compared.
    expect(crossProcess(step(3000, 1, alpha)).received.lognScale[0]).toBeCloseTo(
      Math.log(3001) / Math.log(2048),
      6
    )
  })

  it('builds the causal bias only when a stage reads it, as the mask written out by hand', () => {
    const { received } = crossProcess(step(3, 2))
    const descriptor = Object.getOwnPropertyDescriptor(received, 'attnBias')
    expect(descriptor?.get).toBeTypeOf('function')
    // Row t sees the 3 cached keys and new keys <= t.
    expect(Array.from(received.attnBias)).toEqual([0, 0, 0, 0, MASKED, 0, 0, 0, 0, 0])
  })

  it('sends tables that were not built by stepPositions as they are', () => {
    const input = step(10, 2)
    const { positionSource: _dropped, ...tables } = input
    tables.attnBias = new Float32Array(tables.attnBias.length).fill(-1)
    const { frame, received } = crossProcess(tables)
    expect(payloadBytes(frame)).toBe((2 * 4096 + 2 * 2 * 128 + 2 + 2 * 12) * 4)
    expect(Array.from(received.attnBias)).toEqual(new Array(24).fill(-1))
  })

  it('refuses a peer that asks for tables beyond any real context', () => {
    const input = toWire(step(10, 1))
    if (!('positions' in input)) throw new Error('expected the positions form')
    const huge = { ...input, positions: { ...input.positions, start: 2 ** 21 } }
    const parsed = toWorkerSchema.safeParse({
      kind: 'forward',
      call: 1,
      stage: 0,
      seq: 1,
      input: huge
    })
    expect(parsed.success).toBe(false)
  })
})
