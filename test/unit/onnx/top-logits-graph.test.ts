// The device top-K graph over a real-width vocabulary, on the WebGPU EP (SwiftShader here) and
// the CPU EP: its K values are the K largest logits (checked against a full sort in this test),
// each returned id holds its value, and no id left out scores above the smallest returned, also
// with ties across blocks, -inf rows and the largest logits crowded into one block.
import * as ort from 'onnxruntime-node'
import { describe, expect, it } from 'vitest'
import {
  buildTopLogitsGraph,
  TOP_LOGITS_IDS,
  TOP_LOGITS_INPUT,
  TOP_LOGITS_VALUES
} from '../../../main/inference/onnx/top-logits-graph'
import { webgpuUnavailable } from '../../helpers/webgpu'

const unavailable = await webgpuUnavailable()
if (unavailable) console.warn(`WebGPU cases skipped: no WebGPU adapter (${unavailable})`)

const VOCAB = 151851
const K = 64

function handMadeLogits(): Float32Array {
  const logits = new Float32Array(VOCAB)
  let x = 99
  for (let i = 0; i < VOCAB; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0
    logits[i] = (x % 20000) / 4000 - 2 // many exact ties: 20000 values over 151851 ids
  }
  for (let i = 300; i < 340; i++) logits[i] = 9 + i / 1000 // 40 big ones in 3 adjacent blocks
  logits[5] = 10
  logits[151850] = 10 // a tie between the first and the last block
  logits.fill(Number.NEGATIVE_INFINITY, 1000, 2000)
  return logits
}

async function run(
  ep: 'cpu' | 'webgpu',
  logits: Float32Array
): Promise<{ values: number[]; ids: number[] }> {
  const session = await ort.InferenceSession.create(buildTopLogitsGraph(VOCAB, K), {
    executionProviders: [ep],
    logSeverityLevel: 3
  })
  try {
    const out = await session.run({
      [TOP_LOGITS_INPUT]: new ort.Tensor('float32', logits, [1, VOCAB])
    })
    return {
      values: [...(out[TOP_LOGITS_VALUES].data as Float32Array)],
      ids: [...(out[TOP_LOGITS_IDS].data as Int32Array)]
    }
  } finally {
    await session.release()
  }
}

describe.each([
  { ep: 'cpu' as const, skip: false },
  { ep: 'webgpu' as const, skip: unavailable !== undefined }
])('top-K graph on the $ep EP', ({ ep, skip }) => {
  it.skipIf(skip)(
    'returns the K largest logits with their ids; nothing left out is larger',
    async () => {
      const logits = handMadeLogits()
      const top = await run(ep, logits)
      const sorted = Float32Array.from(logits).sort().reverse()
      expect(top.values).toEqual([...sorted.subarray(0, K)])
      expect(new Set(top.ids).size).toBe(K)
      top.ids.forEach((id, i) => expect(logits[id]).toBe(top.values[i]))
      const floor = Math.min(...top.values)
      const returned = new Set(top.ids)
      for (let id = 0; id < VOCAB; id++)
        if (!returned.has(id)) expect(logits[id] <= floor).toBe(true)
      // The largest value is tied between ids 5 and 151850: the first id comes first, as ArgMax.
      expect(top.ids[0]).toBe(5)
    },
    120_000
  )
})
