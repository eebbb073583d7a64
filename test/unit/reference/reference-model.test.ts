// The float64 reference on the tiny test model: merge order of MODEL-SPEC §10.3 (SFT overrides,
// ln_f/lm_head fallback to the Qwen folder, ignored extra ViT block), causality, NTK, and
// non-degenerate greedy output (which the engine's tests rely on).
import { readFile, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openCheckpoint } from '../../../main/inference/checkpoint/open-checkpoint'
import {
  makeTestModel,
  type TestModelFiles
} from '../../../main/inference/test-model/make-test-model'
import { writePth, type TensorToWrite } from '../../../main/inference/checkpoint/pth-writer'
import { loadReference, type ReferenceModel } from '../../reference/reference-model'
import { defaultSourcePaths } from '../../reference/sources'

const fixtures = join(import.meta.dirname, '../../../../shared/fixtures')
let dir: string
let files: TestModelFiles
let reference: ReferenceModel
let pixels: Float32Array

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mpp-reference-'))
  files = await makeTestModel({
    outDir: dir,
    seed: 3,
    tokenizerPath: join(fixtures, 'qwen.tiktoken')
  })
  reference = await loadReference(dir)
  const bytes = await readFile(join(fixtures, 'preprocess', '004090033.jpg.f32'))
  pixels = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4)
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** A ChatML-shaped prompt with one image (MODEL-SPEC §7.3 ids). */
const promptIds = [
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
  27,
  13033,
  29,
  ...new Array<number>(32).fill(151646),
  522,
  13033,
  29,
  74785,
  419,
  2168,
  13,
  151645,
  198,
  151644,
  77091,
  198
]

describe('float64 reference on the tiny model', () => {
  test('architecture read from shapes, config and arch.json', () => {
    expect(reference.vision).toMatchObject({
      width: 64,
      depth: 2,
      heads: 2,
      mlpWidth: 172,
      qformerWidth: 48,
      qformerLayers: 4,
      crossLayers: [0, 2],
      queries: 32,
      llmHidden: 64
    })
    expect(reference.llm).toMatchObject({
      hidden: 64,
      layers: 3,
      heads: 4,
      headDim: 16,
      mlpWidth: 88,
      seqLength: 128
    })
    expect(reference.vocab).toBe(151936)
  })

  test('image embeddings are [N, 32, H], finite, and differ per image', async () => {
    const other = await readFile(join(fixtures, 'preprocess', 'minigpt4_image_3.jpg.f32'))
    const second = new Float32Array(other.buffer, other.byteOffset, other.length / 4)
    const embeds = reference.embedImages([pixels, second])
    expect(embeds.length).toBe(2 * 32 * 64)
    expect(embeds.every(Number.isFinite)).toBe(true)
    const first = embeds.subarray(0, 32 * 64)
    const rest = embeds.subarray(32 * 64)
    expect(first.some((v, i) => Math.abs(v - rest[i]) > 1e-3)).toBe(true)
    const rms = Math.sqrt(first.reduce((s, v) => s + v * v, 0) / first.length)
    expect(rms).toBeGreaterThan(0.1)
    expect(rms).toBeLessThan(10)
  })

  test('token embeddings come from the SFT file, not the Qwen folder', async () => {
    const sft = await openCheckpoint(files.sft)
    try {
      const table = await sft.readFloat64('llm_model.transformer.wte.weight')
      expect(Array.from(reference.embedTokens([1234]))).toEqual(
        Array.from(table.subarray(1234 * 64, 1235 * 64))
      )
    } finally {
      await sft.close()
    }
  })

  test('causal: hidden states at earlier positions ignore later tokens', () => {
    const embeds = reference.embedTokens([100, 200, 300, 400])
    const four = reference.hidden(embeds, { ntkLength: 4 })
    const three = reference.hidden(embeds.subarray(0, 3 * 64), { ntkLength: 4 })
    expect(Array.from(four.subarray(0, 3 * 64))).toEqual(Array.from(three))
    const other = embeds.slice()
    other.fill(0.5, 3 * 64)
    const changed = reference.hidden(other, { ntkLength: 4 })
    expect(Array.from(changed.subarray(0, 3 * 64))).toEqual(Array.from(three))
    expect(changed.subarray(3 * 64).some((v, i) => v !== four[3 * 64 + i])).toBe(true)
  })

  test('dynamic NTK: a prefill longer than seq_length changes the rotary base', () => {
    const embeds = reference.embedTokens([5, 6, 7, 8, 9])
    const plain = reference.logits(embeds, { ntkLength: 5 })
    const scaled = reference.logits(embeds, { ntkLength: 200 })
    expect(plain.some((v, i) => Math.abs(v - scaled[i]) > 1e-9)).toBe(true)
  })

  test('greedy output from an image prompt is not one token repeated', () => {
    const image = reference.embedImages([pixels])
    const ids = reference.greedy(promptIds, image, 12, [])
    expect(ids).toHaveLength(12)
    expect(new Set(ids).size).toBeGreaterThanOrEqual(3)
    const logits = reference.logits(reference.spliceImages(promptIds, image))
    const sorted = Array.from(logits).sort((a, b) => b - a)
    expect(sorted[0] - sorted[1]).toBeGreaterThan(1e-6)
  })

  test('an lm_head in the SFT file overrides the Qwen folder one', async () => {
    // An SFT file whose lm_head is zero except row 7: only logit 7 can be non-zero.
    const sft = join(dir, 'head-only.pth')
    const { llmHidden: H, qformerWidth: Q } = reference.vision
    const vocab = reference.vocab
    const constant = (
      name: string,
      shape: number[],
      fill: (i: number) => number
    ): TensorToWrite => ({
      name,
      dtype: 'bfloat16',
      shape,
      chunks: () => [Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => fill(i))]
    })
    await writePth(sft, [
      constant('llm_proj.weight', [H, Q], () => 0.01),
      constant('llm_proj.bias', [H], () => 0),
      constant('llm_model.lm_head.weight', [vocab, H], (i) => (Math.floor(i / H) === 7 ? 1 : 0))
    ])
    const other = await loadReference({ ...defaultSourcePaths(dir), sft })
    const logits = other.logits(other.embedTokens([42, 43]))
    expect(logits[7]).not.toBe(0)
    expect(logits.filter((v) => v !== 0)).toHaveLength(1)
    // and wte now falls back to the Qwen folder's table, which differs from the SFT one
    expect(Array.from(other.embedTokens([42]))).not.toEqual(Array.from(reference.embedTokens([42])))
  })
})
