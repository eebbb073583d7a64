// How many new positions one GroupQueryAttention run may take on this thread's WebGPU device.
// On SwiftShader, onnxruntime-node 1.30's WebGPU GQA returns wrong attention for query rows
// past the fourth once a run has 32 or more new positions (measured; up to 31 it matches the CPU
// EP to 1e-7), so prefill would be wrong there. This runs a small GQA graph once per thread,
// 48 positions in one run against the same positions in runs of 16, and lets stages take long
// chunks only where both agree.
import * as ort from 'onnxruntime-node'
import { GraphBuilder, attr } from '../onnx/graph-builder'

/** Largest run that was exact wherever long runs were wrong. */
export const SAFE_GQA_CHUNK = 16

const HEADS = 2
const HEAD_DIM = 16
const LENGTH = 48

let cached: Promise<number> | undefined

function gqaGraph(): Uint8Array {
  const b = new GraphBuilder('gqa_probe')
  const width = HEADS * HEAD_DIM
  const [q, k, v] = ['q', 'k', 'v'].map((n) => b.input(n, 'float', [1, 'tokens', width]))
  const cache = [1, HEADS, LENGTH, HEAD_DIM]
  const pastK = b.input('past_key', 'float', cache)
  const pastV = b.input('past_value', 'float', cache)
  const seqlens = b.input('seqlens_k', 'int32', [1])
  const total = b.input('total_sequence_length', 'int32', [1])
  b.opMulti(
    'GroupQueryAttention',
    [q, k, v, pastK, pastV, seqlens, total],
    { num_heads: attr.int(HEADS), kv_num_heads: attr.int(HEADS) },
    { domain: 'com.microsoft', names: ['y', 'present_key', 'present_value'] }
  )
  b.output('y', 'y', 'float', [1, 'tokens', width])
  b.output('present_key', 'present_key', 'float', cache)
  b.output('present_value', 'present_value', 'float', cache)
  return b.toBytes()
}

/** Attention outputs of LENGTH positions computed in runs of `chunk`. */
async function attend(session: ort.InferenceSession, chunk: number): Promise<Float32Array> {
  const width = HEADS * HEAD_DIM
  const values = (seed: number): Float32Array =>
    Float32Array.from({ length: LENGTH * width }, (_, i) => Math.sin(i * 0.731 + seed))
  const [q, k, v] = [1, 2, 3].map(values)
  const cacheSize = HEADS * LENGTH * HEAD_DIM
  let pastK: ort.Tensor = new ort.Tensor('float32', new Float32Array(cacheSize), [
    1,
    HEADS,
    LENGTH,
    HEAD_DIM
  ])
  let pastV: ort.Tensor = new ort.Tensor('float32', new Float32Array(cacheSize), [
    1,
    HEADS,
    LENGTH,
    HEAD_DIM
  ])
  const out = new Float32Array(LENGTH * width)
  for (let from = 0; from < LENGTH; from += chunk) {
    const t = Math.min(chunk, LENGTH - from)
    const rows = (a: Float32Array): ort.Tensor =>
      new ort.Tensor('float32', a.slice(from * width, (from + t) * width), [1, t, width])
    const result = await session.run({
      q: rows(q),
      k: rows(k),
      v: rows(v),
      past_key: pastK,
      past_value: pastV,
      seqlens_k: new ort.Tensor('int32', Int32Array.from([from + t - 1]), [1]),
      total_sequence_length: new ort.Tensor('int32', Int32Array.from([from + t]), [1])
    })
    out.set(result.y.data as Float32Array, from * width)
    pastK = result.present_key
    pastV = result.present_value
  }
  return out
}

async function probe(): Promise<number> {
  const session = await ort.InferenceSession.create(gqaGraph(), {
    executionProviders: [{ name: 'webgpu' }],
    logSeverityLevel: 3
  })
  try {
    const whole = await attend(session, LENGTH)
    const chunked = await attend(session, SAFE_GQA_CHUNK)
    const worst = whole.reduce((m, x, i) => Math.max(m, Math.abs(x - chunked[i])), 0)
    return worst < 1e-4 ? Number.POSITIVE_INFINITY : SAFE_GQA_CHUNK
  } finally {
    await session.release()
  }
}

/** Most new positions per GQA run on this device: unlimited, or SAFE_GQA_CHUNK. */
export function gqaPrefillLimit(): Promise<number> {
  cached ??= probe()
  return cached
}
