// The replay log of a stage process keeps each chunk's hidden rows and what its position tables
// were built from, not the tables: replayed tables must be bit-identical to the ones
// stepPositions built at the time (NTK alpha 1 and 3, logn on and off, chunks crossing
// seqLength); a chunk cut mid-way replays as the first rows of the original tables, cut by hand
// here; and the memory the log holds is the hidden rows' bytes, by hand and as V8 counts it.
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { ntkAlpha, stepPositions } from '../../../main/inference/runtime/position-inputs'
import type { StageInput } from '../../../main/inference/runtime/stage'
import { StageInputLog } from '../../../main/inference/runtime/stage-replay'
import { bytes, firstRows } from './first-rows'

const arch = { headDim: 8, rotaryBase: 10000, seqLength: 64, useLognAttn: true }
const HIDDEN = 3

function chunk(start: number, count: number, alpha: number): StageInput {
  const hidden = Float32Array.from({ length: count * HIDDEN }, (_, i) => start * HIDDEN + i + 0.5)
  return { hidden, tokens: count, ...stepPositions(arch, start, count, alpha) }
}

function expectSameBytes(actual: StageInput, expected: StageInput): void {
  expect(actual.tokens).toBe(expected.tokens)
  for (const key of ['hidden', 'ropeCos', 'ropeSin', 'lognScale', 'attnBias'] as const)
    expect(bytes(actual[key]), key).toEqual(bytes(expected[key]))
}

describe('StageInputLog', () => {
  it('replays tables bit-identical to those built at the time, NTK and logn included', () => {
    // 100 tokens of prefill past seqLength 64: alpha = 2^ceil(log2(100/64) + 1) - 1 = 3.
    const alpha = ntkAlpha(100, arch.seqLength, true)
    expect(alpha).toBe(3)
    const short = [chunk(0, 40, 1), chunk(40, 1, 1), chunk(41, 30, 1), chunk(71, 1, 1)]
    const long = [chunk(0, 100, alpha), chunk(100, 1, alpha), chunk(101, 7, alpha)]
    for (const originals of [short, long]) {
      const log = StageInputLog.empty()
      for (const input of originals) log.record(input)
      const replayed = [...log.replay()]
      expect(replayed).toHaveLength(originals.length)
      replayed.forEach((input, i) => expectSameBytes(input, originals[i]))
    }
    // The chunk of 30 after 41 cached crosses seqLength: logn scales its rows from position 63.
    expect(short[2].lognScale[21]).toBe(1)
    expect(short[2].lognScale[22]).toBeCloseTo(Math.log(64) / Math.log(64))
    expect(short[2].lognScale[29]).toBeCloseTo(Math.log(71) / Math.log(64), 6)
    // Hand count of the rebuilt bias [30, 41 + 30] float32: 30 * 71 * 4 bytes.
    const log = StageInputLog.empty()
    log.record(short[2])
    expect([...log.replay()][0].attnBias.byteLength).toBe(8520)
  })

  it('cuts a chunk mid-way into the first rows of its original inputs', () => {
    const alpha = ntkAlpha(100, arch.seqLength, true)
    for (const [originals, length] of [
      // 41 + 20 = 61 kept stay under seqLength; the chunk went past it (logn differs by total).
      [[chunk(0, 40, 1), chunk(40, 1, 1), chunk(41, 30, 1)], 61],
      [[chunk(0, 100, alpha), chunk(100, 9, alpha)], 104],
      [[chunk(0, 100, alpha), chunk(100, 9, alpha)], 37]
    ] as const) {
      const log = StageInputLog.empty()
      for (const input of originals) log.record(input)
      const copy = log.copy()
      log.truncate(length)
      const expected: StageInput[] = []
      let start = 0
      for (const input of originals) {
        const keep = Math.min(input.tokens, length - start)
        if (keep <= 0) break
        expected.push(keep === input.tokens ? input : { ...input, ...firstRows(input, keep) })
        start += keep
      }
      const replayed = [...log.replay()]
      expect(replayed).toHaveLength(expected.length)
      replayed.forEach((input, i) => expectSameBytes(input, expected[i]))
      // The copy taken before the cut still replays every original chunk.
      const copied = [...copy.replay()]
      copied.forEach((input, i) => expectSameBytes(input, originals[i]))
    }
    const log = StageInputLog.empty()
    log.record(chunk(0, 3, 1))
    log.truncate(0)
    expect([...log.replay()]).toEqual([])
  })

  it('keeps the tables of inputs that do not say how they were built', () => {
    const built = chunk(0, 6, 1)
    const { positionSource, ...tables } = built
    expect(positionSource).toBeDefined()
    // A bias that is not the causal one stepPositions would rebuild.
    const custom: StageInput = { ...tables, attnBias: tables.attnBias.map((v, i) => i) }
    const log = StageInputLog.empty()
    log.record(custom)
    log.record({ ...chunk(6, 2, 1), attnBias: new Float32Array(2 * 8).fill(7), positionSource })
    log.truncate(7)
    const [first, second] = [...log.replay()]
    expectSameBytes(first, custom)
    expect(Array.from(second.attnBias)).toEqual([7, 7, 7, 7, 7, 7, 7])
  })

  it('holds only the hidden rows: hidden * 4 bytes per token', async () => {
    const hidden = 4096
    const a = { headDim: 128, rotaryBase: 10000, seqLength: 8192, useLognAttn: true }
    const input = (start: number, count: number): StageInput => ({
      // A view into a larger buffer, as a worker's reply may be: the log must not keep the rest.
      hidden: new Float32Array((count + 1) * hidden).subarray(hidden),
      tokens: count,
      ...stepPositions(a, start, count, 1)
    })
    const before = await settled('arrayBuffers')
    const log = StageInputLog.empty()
    log.record(input(0, 1500))
    for (let t = 1500; t < 2000; t++) log.record(input(t, 1))
    // 2000 tokens * 4096 floats * 4 bytes, by hand.
    expect(log.retainedBytes).toBe(32_768_000)
    const held = (await settled('arrayBuffers')) - before
    // The tables would add 2000 * 128 * 8 (rope) + 1500^2 * 4 + 500 steps * ~1750 * 4 (bias).
    // V8's count moves by a few bytes of the runner's own buffers: 64 KiB either side.
    expect(held).toBeGreaterThan(32_768_000 - 64 * 1024)
    expect(held).toBeLessThan(32_768_000 + 256 * 1024)
    expect([...log.replay()]).toHaveLength(501)
  })

  it('adds a few hundred bytes of JS objects per chunk', async () => {
    const a = { headDim: 128, rotaryBase: 10000, seqLength: 8192, useLognAttn: true }
    const chunks = 20_000
    const before = await settled('heapUsed')
    const log = StageInputLog.empty()
    for (let t = 0; t < chunks; t++)
      log.record({ hidden: new Float32Array(64), tokens: 1, ...stepPositions(a, t, 1, 1) })
    const perChunk = ((await settled('heapUsed')) - before) / chunks
    // The chunk record, the Float32Array and ArrayBuffer objects (their 256 bytes are off the
    // heap), the source {arch, start, alpha} and its arch copy: 330 measured; keeping the four
    // tables instead measured 1040.
    expect(perChunk).toBeLessThan(512)
    expect(log.retainedBytes).toBe(chunks * 64 * 4)
  })
})

/**
 * process.memoryUsage()[key] after full collections, once V8's background freeing has settled:
 * three readings in a row within 1 KiB (the test runner itself allocates a little meanwhile).
 */
async function settled(key: 'arrayBuffers' | 'heapUsed'): Promise<number> {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  const readings: number[] = []
  for (let round = 0; round < 100; round++) {
    gc()
    await new Promise((resolve) => setTimeout(resolve, 20))
    readings.push(process.memoryUsage()[key])
    const last = readings.slice(-3)
    if (last.length === 3 && Math.max(...last) - Math.min(...last) < 1024) return last[2]
  }
  return readings[readings.length - 1]
}
