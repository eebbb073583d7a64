// Decode and prefill measurements for `mpp bench`: engine tokens/s at a given context, the same
// step as a bare ONNX Runtime loop (same graph, same feeds, nothing else), and prefill tokens/s
// of a long prompt.
import * as ort from 'onnxruntime-node'
import { DEFAULT_GENERATION_OPTIONS } from '../engine-api'
import { decodeSequence, readbackFor } from '../generation/decode-loop'
import type { StepScores } from '../generation/kv-sequence'
import { createTokenPolicy } from '../generation/token-policy'
import { kvNames } from '../onnx/decoder-graph'
import { segmentGraph } from '../onnx/segment-graph'
import type { ModelPackage } from '../package/model-package'
import { KvBuffer, widenBias } from '../runtime/kv-buffer'
import { MASKED, ntkAlpha, stepPositions } from '../runtime/position-inputs'
import { sessionOptionsFor } from '../devices/session-options'
import type { StageChain } from '../engine/stage-sequence'

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

export interface DecodeFigures {
  tokensPerSec: number
  msPerToken: number
  /** Bare ONNX Runtime ms per step; NaN when there is no single CPU graph to compare. */
  bareMsPerToken: number
  overheadPct: number
}

const ROUNDS = 9

/** Quantile of per-step times used for both loops: robust to bursts of load from elsewhere. */
const STEP_QUANTILE = 0.2

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((x, y) => x - y)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
}

/**
 * Engine decode speed after `context` prompt positions, through the real decode loop, and the
 * bare loop's speed for the same step. The two run in alternating rounds so that other load on
 * the machine hits both alike; the first round of each is a warm-up. Each step is timed on its
 * own and the 20th percentile of each loop's step times is reported (on a shared machine the
 * fast steps are the undisturbed ones).
 */
export async function decodeAtContext(
  chain: StageChain,
  facts: ChainFacts,
  pkg: ModelPackage | undefined,
  context: number,
  steps: number
): Promise<DecodeFigures> {
  const perRound = Math.max(2, Math.ceil(steps / (ROUNDS - 1)))
  const sequence = chain.open(ntkAlpha(context, facts.seqLength, facts.useDynamicNtk))
  const bare =
    pkg === undefined
      ? undefined
      : await BareDecoder.open(pkg, context + (ROUNDS * (perRound + 1)) / 2)
  try {
    const ids = syntheticIds(context)
    const policy = createTokenPolicy({ ...DEFAULT_GENERATION_OPTIONS, doSample: false })
    const readback = readbackFor(policy)
    let first: StepScores = { logits: new Float32Array(0) }
    for (let start = 0; start < ids.length; start += PREFILL_CHUNK) {
      first = await sequence.extendWith({ ids: ids.slice(start, start + PREFILL_CHUNK) }, readback)
    }
    const ours: number[] = []
    const theirs: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const stamps: number[] = []
      const out = await decodeSequence({
        sequence,
        first,
        maxNewTokens: perRound + 1,
        stopIds: new Set(),
        policy,
        onToken: () => stamps.push(performance.now())
      })
      first = await sequence.extendWith({ ids: [out.ids[out.ids.length - 1]] }, readback)
      const bareSteps = bare === undefined ? [Number.NaN] : await bare.time(perRound)
      if (round === 0) continue
      for (let i = 1; i < stamps.length; i++) ours.push(stamps[i] - stamps[i - 1])
      theirs.push(...bareSteps)
    }
    const msPerToken = quantile(ours, STEP_QUANTILE)
    const bareMsPerToken = quantile(theirs, STEP_QUANTILE)
    return {
      tokensPerSec: 1000 / msPerToken,
      msPerToken,
      bareMsPerToken,
      overheadPct: ((msPerToken - bareMsPerToken) / bareMsPerToken) * 100
    }
  } finally {
    sequence.close()
    await bare?.close()
  }
}

/**
 * The same decode step as a bare loop: one session on the same single-stage graph with the
 * feeds a CPU stage passes at this context (its own KvBuffer at the stage's capacity); only
 * session.run is timed.
 */
class BareDecoder {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly feeds: Record<string, ort.Tensor>
  ) {}

  static async open(pkg: ModelPackage, context: number): Promise<BareDecoder> {
    const llm = pkg.manifest.arch.llm
    const graph = await segmentGraph(pkg, 0, llm.layers, 'hostkv')
    const session = await ort.InferenceSession.create(
      graph,
      sessionOptionsFor({ kind: 'cpu', index: 0 })
    )
    const past = Math.round(context)
    const alpha = ntkAlpha(past, llm.seqLength, llm.useDynamicNtk)
    const positions = stepPositions(llm, past, 1, alpha)
    // The stage's own KV storage, filled with non-zero data (untouched zero pages all map to one
    // physical page, which would make reading the cache nearly free), at the capacity the stage
    // has after `past` positions.
    const kv = new KvBuffer(llm.layers, llm.heads, llm.headDim)
    const block = (): Float32Array[] =>
      Array.from({ length: llm.layers }, () =>
        new Float32Array(llm.heads * past * llm.headDim).fill(1e-3)
      )
    kv.append(block(), block(), past)
    const f32 = (data: Float32Array, dims: number[]): ort.Tensor =>
      new ort.Tensor('float32', data, dims)
    const feeds: Record<string, ort.Tensor> = {
      hidden_in: f32(new Float32Array(llm.hidden).fill(0.01), [1, 1, llm.hidden]),
      rope_cos: f32(positions.ropeCos, [1, llm.headDim]),
      rope_sin: f32(positions.ropeSin, [1, llm.headDim]),
      logn_scale: f32(positions.lognScale, [1]),
      attn_bias: f32(widenBias(positions.attnBias, 1, past, kv.capacity, MASKED), [
        1,
        1,
        1,
        kv.capacity + 1
      ])
    }
    const names = kvNames('hostkv', 0, llm.layers)
    for (let l = 0; l < llm.layers; l++) {
      feeds[names.pastKey[l]] = f32(kv.keys[l], kv.keyDims)
      feeds[names.pastValue[l]] = f32(kv.values[l], kv.valueDims)
    }
    return new BareDecoder(session, feeds)
  }

  /** Milliseconds of each of `runs` back-to-back session.run calls. */
  async time(runs: number): Promise<number[]> {
    const times: number[] = []
    let last = performance.now()
    for (let i = 0; i < runs; i++) {
      await this.session.run(this.feeds)
      const now = performance.now()
      times.push(now - last)
      last = now
    }
    return times
  }

  close(): Promise<void> {
    return this.session.release()
  }
}

export interface PrefillFigures {
  tokens: number
  ms: number
  tokensPerSec: number
}

/**
 * Prefill speed of a `tokens`-long prompt from an empty cache, in the engine's chunks: the best
 * of `rounds` (other load on the machine only ever slows a run down).
 */
export async function prefillSpeed(
  chain: StageChain,
  facts: ChainFacts,
  tokens = 1024,
  rounds = 2
): Promise<PrefillFigures> {
  const ids = syntheticIds(tokens)
  let best = Infinity
  for (let round = 0; round < rounds; round++) {
    const sequence = chain.open(ntkAlpha(tokens, facts.seqLength, facts.useDynamicNtk))
    try {
      const started = performance.now()
      for (let start = 0; start < ids.length; start += PREFILL_CHUNK) {
        await sequence.extend({ ids: ids.slice(start, start + PREFILL_CHUNK) })
      }
      best = Math.min(best, performance.now() - started)
    } finally {
      sequence.close()
    }
  }
  return { tokens, ms: best, tokensPerSec: tokens / (best / 1000) }
}
