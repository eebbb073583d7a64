// Decode-speed measurements for `mpp bench`: engine tokens/s at a given context, the same step
// as a bare ONNX Runtime loop (same graph, same feeds, nothing else), and the machine's memory
// copy bandwidth, the ceiling for a weight-streaming decode.
import * as ort from 'onnxruntime-node'
import { DEFAULT_GENERATION_OPTIONS } from '../../engine-api'
import { decodeSequence } from '../../generation/decode-loop'
import { createTokenPolicy } from '../../generation/token-policy'
import { kvNames } from '../../onnx/decoder-graph'
import type { ModelPackage } from '../../package/model-package'
import { KV_GROWTH } from '../../runtime/kv-buffer'
import { ntkAlpha, stepPositions } from '../../runtime/position-inputs'
import { cpuSessionOptions } from '../../runtime/session-options'
import type { StageChain } from '../stage-sequence'

const PREFILL_CHUNK = 512

/** Deterministic ordinary-token ids (no specials, no image slots) for a synthetic context. */
export function syntheticIds(count: number): number[] {
  const ids: number[] = []
  let x = 12345
  for (let i = 0; i < count; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0
    ids.push(1000 + (x % 100000))
  }
  return ids
}

export interface ChainFacts {
  readonly seqLength: number
  readonly useDynamicNtk: boolean
}

/** Engine decode speed after `context` prompt positions: greedy steps through the real loop. */
export async function engineDecode(
  chain: StageChain,
  facts: ChainFacts,
  context: number,
  steps: number
): Promise<{ tokensPerSec: number; msPerToken: number }> {
  const sequence = chain.open(ntkAlpha(context, facts.seqLength, facts.useDynamicNtk))
  try {
    const ids = syntheticIds(context)
    let logits: Float32Array = new Float32Array(0)
    for (let start = 0; start < ids.length; start += PREFILL_CHUNK) {
      logits = await sequence.extend({ ids: ids.slice(start, start + PREFILL_CHUNK) })
    }
    const stamps: number[] = []
    await decodeSequence({
      sequence,
      firstLogits: logits,
      maxNewTokens: steps + 1,
      stopIds: new Set(),
      policy: createTokenPolicy({ ...DEFAULT_GENERATION_OPTIONS, doSample: false }),
      onToken: () => stamps.push(performance.now())
    })
    const msPerToken = (stamps[stamps.length - 1] - stamps[0]) / steps
    return { tokensPerSec: 1000 / msPerToken, msPerToken }
  } finally {
    sequence.close()
  }
}

/**
 * The same decode step as a bare loop: one session on the same single-stage graph, the feeds a
 * CPU stage passes at this context (KV buffers at the stage's capacity), only session.run timed.
 */
export async function bareDecode(
  pkg: ModelPackage,
  context: number,
  steps: number
): Promise<{ msPerToken: number }> {
  const llm = pkg.manifest.arch.llm
  const graph = await pkg.segmentGraph(0, llm.layers, 'hostkv')
  const session = await ort.InferenceSession.create(graph, cpuSessionOptions())
  try {
    const capacity = Math.ceil((context + 1) / KV_GROWTH) * KV_GROWTH
    const positions = stepPositions(
      llm,
      context,
      1,
      ntkAlpha(context, llm.seqLength, llm.useDynamicNtk)
    )
    const bias = new Float32Array(capacity + 1)
    bias.fill(-3.4028234663852886e38, context, capacity)
    const f32 = (data: Float32Array, dims: number[]): ort.Tensor =>
      new ort.Tensor('float32', data, dims)
    const feeds: Record<string, ort.Tensor> = {
      hidden_in: f32(new Float32Array(llm.hidden).fill(0.01), [1, 1, llm.hidden]),
      rope_cos: f32(positions.ropeCos, [1, llm.headDim]),
      rope_sin: f32(positions.ropeSin, [1, llm.headDim]),
      logn_scale: f32(positions.lognScale, [1]),
      attn_bias: f32(bias, [1, 1, 1, capacity + 1])
    }
    const names = kvNames('hostkv', 0, llm.layers)
    const kvDims = [1, llm.heads, capacity, llm.headDim]
    for (let l = 0; l < llm.layers; l++) {
      feeds[names.pastKey[l]] = f32(new Float32Array(llm.heads * capacity * llm.headDim), kvDims)
      feeds[names.pastValue[l]] = f32(new Float32Array(llm.heads * capacity * llm.headDim), kvDims)
    }
    await session.run(feeds)
    const started = performance.now()
    for (let i = 0; i < steps; i++) await session.run(feeds)
    return { msPerToken: (performance.now() - started) / steps }
  } finally {
    await session.release()
  }
}

/** Memory copy bandwidth in bytes/s, STREAM convention (bytes read + bytes written). */
export function memoryCopyBandwidth(bytes = 256 * 1024 * 1024, runs = 5): number {
  const source = Buffer.alloc(bytes, 1)
  const target = Buffer.alloc(bytes)
  source.copy(target)
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    source.copy(target)
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  return (2 * bytes) / (times[0] / 1000)
}
