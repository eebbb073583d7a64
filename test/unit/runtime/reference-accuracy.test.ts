// The converted tiny test model on real ONNX Runtime (CPU) against the float64 reference that
// reads the SOURCE checkpoints: fp32 must be exact to 1e-5 (image embeddings, first-step logits,
// 20 greedy tokens identical, also past the NTK/logn threshold); fp16 and int4 must stay within
// the measured bounds documented below and in docs (RUNTIME section of the lead's notes).
//
// Measured on this tiny model (seed 3), relative error ‖a−b‖/‖b‖ (worst over the prompt set),
// argmax agreement over the 32 prompts below (32 distinct reference argmaxes):
//   fp16: image embeds 4.5e-4 (Q-Former/ViT weights rounded to fp16), logits 4.6e-7 (the
//         bf16 LLM sources are exact in fp16), argmax 100 %.
//   int4: image embeds 4.5e-4 (the vision tower stays fp16), logits 2.8e-1, argmax 69 %
//         (random Gaussian weights with near-tied logits are a hard case for 4-bit blocks).
// The bounds below leave headroom over those figures.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { convertModel } from '../../../main/inference/convert/convert'
import type { PackageDtype } from '../../../main/inference/package/manifest'
import { ModelRunner, argmax } from '../../../main/inference/runtime/model-runner'
import { makeTestModel } from '../../../main/inference/test-model/make-test-model'
import { loadReference, type ReferenceModel } from '../../reference/reference-model'

const fixtures = join(import.meta.dirname, '../../../../shared/fixtures')
const BOUNDS = {
  fp16: { embeds: 1e-3, logits: 5e-3, argmaxAgreement: 0.9 },
  int4: { embeds: 1e-3, logits: 0.4, argmaxAgreement: 0.5 }
}

let dir: string
let reference: ReferenceModel
const runners = new Map<PackageDtype, ModelRunner>()
let pixels: Float32Array[]

function relError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0
  let norm = 0
  for (let i = 0; i < b.length; i++) {
    diff += (a[i] - b[i]) ** 2
    norm += b[i] ** 2
  }
  return Math.sqrt(diff / norm)
}

function concat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** ChatML prompt with `images` image slots (MODEL-SPEC §7.3 shape) and some text ids. */
function prompt(images: number, text: readonly number[]): number[] {
  const slots = Array.from({ length: images }, () => [
    27,
    13033,
    29,
    ...Array(32).fill(151646),
    522,
    13033,
    29
  ]).flat()
  return [
    151644,
    8948,
    198,
    2610,
    525,
    264,
    10950,
    17847,
    13,
    151645,
    198,
    151644,
    872,
    198,
    ...slots,
    ...text,
    151645,
    198,
    151644,
    77091,
    198
  ]
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mpp-accuracy-'))
  const src = join(dir, 'src')
  const f = await makeTestModel({
    outDir: src,
    seed: 3,
    tokenizerPath: join(fixtures, 'qwen.tiktoken')
  })
  for (const dtype of ['fp32', 'fp16', 'int4'] as const) {
    const out = join(dir, dtype)
    await convertModel({
      vit: f.vision,
      blip2: f.blip2,
      llm: f.qwenFolder,
      sft: f.sft,
      arch: f.archJson,
      dtype,
      out,
      demo: true
    })
    runners.set(dtype, await ModelRunner.load(out, { threads: 1 }))
  }
  reference = await loadReference(src)
  pixels = await Promise.all(
    ['004090033.jpg.f32', 'minigpt4_image_3.jpg.f32'].map(async (name) => {
      const bytes = await readFile(join(fixtures, 'preprocess', name))
      return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4)
    })
  )
})

afterAll(async () => {
  for (const r of runners.values()) await r.dispose()
  await rm(dir, { recursive: true, force: true })
})

const run = (dtype: PackageDtype): ModelRunner => runners.get(dtype) as ModelRunner

describe('fp32 package vs float64 reference', () => {
  it('image embeddings agree to 1e-5', async () => {
    const ours = await run('fp32').encodeImages(concat(pixels), 2)
    expect(relError(ours, reference.embedImages(pixels))).toBeLessThan(1e-5)
  })

  it('first-step logits agree to 1e-5 (with two images)', async () => {
    const r = run('fp32')
    const ids = prompt(2, [74785, 419, 2168, 13])
    const seq = r.openSequence()
    const ours = await r.forward(seq, ids, await r.encodeImages(concat(pixels), 2))
    r.closeSequence(seq)
    const refEmbeds = reference.spliceImages(ids, reference.embedImages(pixels))
    expect(relError(ours, reference.logits(refEmbeds))).toBeLessThan(1e-5)
  })

  it('20 greedy tokens are identical', async () => {
    const r = run('fp32')
    const ids = prompt(1, [74785, 419, 2168, 13])
    const ours = await r.greedy(ids, {
      maxNewTokens: 20,
      imageEmbeds: await r.encodeImages(pixels[0], 1)
    })
    const theirs = reference.greedy(ids, reference.embedImages([pixels[0]]), 20)
    expect(ours).toEqual(theirs)
    expect(new Set(ours).size).toBeGreaterThan(1)
  })

  it('stays exact past seq_length (128): dynamic NTK alpha 3 and logn', async () => {
    const r = run('fp32')
    const text = Array.from({ length: 110 }, (_, i) => 1000 + ((i * 7919) % 50000))
    const ids = prompt(1, text) // 1 image → 152 tokens > 128
    const img = await r.encodeImages(pixels[0], 1)
    const seq = r.openSequence()
    const ours = await r.forward(seq, ids, img)
    const refEmbeds = reference.spliceImages(ids, reference.embedImages([pixels[0]]))
    expect(relError(ours, reference.logits(refEmbeds))).toBeLessThan(1e-5)
    // one decode step reuses the prefill's alpha
    const next = argmax(ours)
    const step = await r.forward(seq, [next])
    r.closeSequence(seq)
    const extended = reference.spliceImages([...ids, next], reference.embedImages([pixels[0]]))
    expect(relError(step, reference.logits(extended, { ntkLength: ids.length }))).toBeLessThan(1e-5)
  })

  it('decode crossing seq_length during generation matches the reference greedy', async () => {
    const r = run('fp32')
    const text = Array.from({ length: 80 }, (_, i) => 2000 + ((i * 104729) % 60000))
    const ids = prompt(0, text) // 103 tokens, +20 generated crosses 128 → logn during decode
    expect(await r.greedy(ids, { maxNewTokens: 30 })).toEqual(reference.greedy(ids, undefined, 30))
  })
})

/** 32 fixed prompts of arbitrary ids (lengths 8..39) ending in different tokens, so the
 * next-token argmaxes differ between prompts. */
const promptSet = Array.from({ length: 32 }, (_, k) =>
  Array.from({ length: 8 + k }, (_, i) => (k * 104729 + i * 7919 + ((k * i) % 13) * 15013) % 151000)
)

for (const dtype of ['fp16', 'int4'] as const) {
  describe(`${dtype} package vs float64 reference`, () => {
    it(`image embeddings within ${BOUNDS[dtype].embeds}`, async () => {
      const ours = await run(dtype).encodeImages(concat(pixels), 2)
      const err = relError(ours, reference.embedImages(pixels))
      console.log(`${dtype} image embeds rel error ${err.toExponential(2)}`)
      expect(err).toBeLessThan(BOUNDS[dtype].embeds)
    })

    it(`first-step logits within ${BOUNDS[dtype].logits} and argmax agreement`, async () => {
      const r = run(dtype)
      let worst = 0
      let agree = 0
      const distinct = new Set<number>()
      for (const ids of promptSet) {
        const seq = r.openSequence()
        const ours = await r.forward(seq, ids)
        r.closeSequence(seq)
        const ref = reference.logits(reference.spliceImages(ids, undefined))
        worst = Math.max(worst, relError(ours, ref))
        if (argmax(ours) === argmax(ref)) agree++
        distinct.add(argmax(ref))
      }
      const rate = agree / promptSet.length
      console.log(
        `${dtype} logits worst rel error ${worst.toExponential(2)}, argmax agreement ${(rate * 100).toFixed(0)}% (${distinct.size} distinct reference argmaxes)`
      )
      expect(worst).toBeLessThan(BOUNDS[dtype].logits)
      expect(rate).toBeGreaterThanOrEqual(BOUNDS[dtype].argmaxAgreement)
    })
  })
}
