// The fp16 WebGPU decoder graph (`gqa16`: fp16 activations and KV cache) has no fp16 shader to
// run on here (SwiftShader lacks shader-f16), so it runs on ONNX Runtime's CPU EP, which has fp16
// kernels for GroupQueryAttention, MatMulNBits (fp16 activations), RotaryEmbedding and
// (Skip)SimplifiedLayerNormalization; ORT casts the few plain ops without one (Mul, Add, the fused
// SiLU) to fp32 and back. This checks the graph itself, on CPU kernels, not the WebGPU EP: its
// greedy argmax after each of 32 prompts agrees with the fp32 CPU stage on the small random model
// with int4 weights at least 99 % of the time.
import * as ort from 'onnxruntime-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { segmentGraph } from '../../../main/inference/onnx/segment-graph'
import { ModelPackage } from '../../../main/inference/package/model-package'
import { halfTables } from '../../../main/inference/runtime/gqa-stage'
import { ModelRunner, argmax } from '../../../main/inference/runtime/model-runner'
import { stepPositions } from '../../../main/inference/runtime/position-inputs'
import { makeTinyPackage, TURN_ONE, type TinyPackage } from '../workers/tiny-package'

const LAYERS = 2
const PROMPTS = 32
const CAPACITY = 256

/** ChatML prompts whose user text is 4 to 19 ordinary ids, different per prompt. */
function prompts(): number[][] {
  const head = TURN_ONE.slice(0, 14)
  const tail = TURN_ONE.slice(16)
  return Array.from({ length: PROMPTS }, (_, p) => {
    const text = Array.from(
      { length: 4 + (p % 16) },
      (_, i) => 100 + ((p * 7919 + i * 104729) % 150000)
    )
    return [...head, ...text, ...tail]
  })
}

/** Greedy id after `ids` from the gqa16 graph on the CPU EP (a fresh, zeroed fp16 cache). */
async function gqa16Argmax(
  session: ort.InferenceSession,
  runner: ModelRunner,
  ids: readonly number[]
): Promise<number> {
  const llm = runner.manifest.arch.llm
  const t = ids.length
  const zeros = (): ort.Tensor =>
    new ort.Tensor('float16', new Uint16Array(llm.heads * CAPACITY * llm.headDim), [
      1,
      llm.heads,
      CAPACITY,
      llm.headDim
    ])
  const feeds: Record<string, ort.Tensor> = {
    hidden_in: new ort.Tensor('float32', runner.embeddings.gather(ids), [1, t, llm.hidden]),
    ...halfTables(stepPositions(llm, 0, t, 1), t, llm.headDim),
    position_ids: new ort.Tensor(
      'int64',
      BigInt64Array.from({ length: t }, (_, i) => BigInt(i)),
      [1, t]
    ),
    seqlens_k: new ort.Tensor('int32', Int32Array.from([t - 1]), [1]),
    total_sequence_length: new ort.Tensor('int32', Int32Array.from([t]), [1])
  }
  for (let l = 0; l < LAYERS; l++) {
    feeds[`past_key_${l}`] = zeros()
    feeds[`past_value_${l}`] = zeros()
  }
  const out = await session.run(feeds)
  return argmax(out.logits.data as Float32Array)
}

let pkg: TinyPackage
beforeAll(async () => {
  pkg = await makeTinyPackage(LAYERS, 11, 'small', 'int4')
}, 1_200_000)
afterAll(async () => pkg?.remove())

describe('gqa16 graph on the CPU EP', () => {
  it('agrees with the fp32 CPU stage on the greedy id after ≥ 99 % of 32 prompts', async () => {
    const runner = await ModelRunner.load(pkg.dir, { threads: 1 })
    const graph = await segmentGraph(
      await ModelPackage.open(pkg.dir, { verify: 'size' }),
      0,
      LAYERS,
      'gqa16'
    )
    const session = await ort.InferenceSession.create(graph, {
      executionProviders: ['cpu'],
      intraOpNumThreads: 1
    })
    try {
      let agree = 0
      for (const ids of prompts()) {
        const seq = runner.openSequence()
        const fp32 = argmax(await runner.forward(seq, ids))
        runner.closeSequence(seq)
        if ((await gqa16Argmax(session, runner, ids)) === fp32) agree++
      }
      console.log(`gqa16 (CPU EP) vs fp32 CPU stage: ${agree} / ${PROMPTS} greedy ids agree`)
      expect(agree / PROMPTS).toBeGreaterThanOrEqual(0.99)
    } finally {
      await session.release()
      await runner.dispose()
    }
  }, 600_000)
})
