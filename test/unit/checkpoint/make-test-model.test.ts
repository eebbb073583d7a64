// make-test-model writes the four source files in the seed's layouts; checked through the readers
// against the key tables of MODEL-SPEC §3-§5 and §10.
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openCheckpoint } from '../../../main/inference/checkpoint/open-checkpoint'
import { writePth } from '../../../main/inference/checkpoint/pth-writer'
import { readQwenConfig } from '../../../main/inference/checkpoint/qwen-config'
import type { CheckpointReader } from '../../../main/inference/checkpoint/types'
import { visionPlan } from '../../../main/inference/test-model/source-plans'
import {
  makeTestModel,
  type TestModelFiles
} from '../../../main/inference/test-model/make-test-model'

const tokenizer = join(import.meta.dirname, '../../../../shared/fixtures/qwen.tiktoken')
let dir: string
let files: TestModelFiles

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mpp-test-model-'))
  files = await makeTestModel({ outDir: dir, preset: 'tiny', seed: 7, tokenizerPath: tokenizer })
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function withReader<T>(
  path: string,
  use: (reader: CheckpointReader) => Promise<T>
): Promise<T> {
  const reader = await openCheckpoint(path)
  try {
    return await use(reader)
  } finally {
    await reader.close()
  }
}

describe('make-test-model (tiny)', () => {
  test('eva_vit_g.pth has unprefixed ViT keys, fp16 Linear/Conv, fp32 rest, and one extra block', async () => {
    await withReader(files.vision, async (reader) => {
      const depth = files.arch.vision.depth
      expect(reader.info('cls_token').shape).toEqual([1, 1, 64])
      expect(reader.info('pos_embed').shape).toEqual([1, 257, 64])
      expect(reader.info('patch_embed.proj.weight')).toMatchObject({
        dtype: 'float16',
        shape: [64, 3, 14, 14]
      })
      expect(reader.info('blocks.0.attn.qkv.weight')).toMatchObject({
        dtype: 'float16',
        shape: [192, 64]
      })
      expect(reader.has('blocks.0.attn.qkv.bias')).toBe(false)
      expect(reader.info('blocks.0.attn.q_bias').dtype).toBe('float32')
      expect(reader.info('blocks.1.mlp.fc1.weight').shape).toEqual([172, 64])
      expect(reader.has(`blocks.${depth}.norm1.weight`)).toBe(true)
      expect(reader.has(`blocks.${depth + 1}.norm1.weight`)).toBe(false)
    })
  })

  test('blip2 file carries the Q-Former with cross-attention in even layers and the unused text keys', async () => {
    await withReader(files.blip2, async (reader) => {
      const names = reader.list().map((t) => t.name)
      expect(names.filter((n) => n.includes('crossattention.self.key.weight'))).toEqual([
        'Qformer.bert.encoder.layer.0.crossattention.self.key.weight',
        'Qformer.bert.encoder.layer.2.crossattention.self.key.weight'
      ])
      expect(
        reader.info('Qformer.bert.encoder.layer.0.crossattention.self.key.weight').shape
      ).toEqual([48, 64])
      expect(reader.info('query_tokens').shape).toEqual([1, 32, 48])
      expect(reader.info('ln_vision.weight').shape).toEqual([64])
      for (const unused of [
        't5_proj.weight',
        'Qformer.cls.predictions.bias',
        'Qformer.bert.encoder.layer.1.output.dense.weight'
      ]) {
        expect(names).toContain(unused)
      }
      expect(reader.info('Qformer.bert.embeddings.position_ids').dtype).toBe('int64')
      expect(
        Array.from(
          (await reader.readFloat64('Qformer.bert.embeddings.position_ids')).subarray(0, 4)
        )
      ).toEqual([0, 1, 2, 3])
    })
  })

  test('Qwen folder: v1.1 config, sharded bf16 safetensors with index, tokenizer copied', async () => {
    const config = await readQwenConfig(files.qwenFolder)
    expect(config).toMatchObject({
      hidden: 64,
      layers: 3,
      heads: 4,
      headDim: 16,
      mlpWidth: 88,
      vocab: 151936
    })
    const shards = (await readdir(files.qwenFolder)).filter((f) => f.endsWith('.safetensors'))
    expect(shards.length).toBeGreaterThanOrEqual(2)
    const copied = await readFile(join(files.qwenFolder, 'qwen.tiktoken'))
    expect(copied.equals(await readFile(tokenizer))).toBe(true)
    await withReader(files.qwenFolder, async (reader) => {
      expect(reader.info('transformer.wte.weight')).toMatchObject({
        dtype: 'bfloat16',
        shape: [151936, 64]
      })
      expect(reader.info('transformer.h.2.attn.c_attn.bias').shape).toEqual([192])
      expect(reader.has('transformer.h.0.attn.c_proj.bias')).toBe(false)
      expect(reader.info('transformer.h.0.mlp.w2.weight').shape).toEqual([88, 64])
      expect(reader.info('lm_head.weight').shape).toEqual([151936, 64])
    })
  })

  test('SFT file overrides wte and blocks with different values and omits ln_f/lm_head', async () => {
    await withReader(files.sft, async (sft) => {
      expect(sft.has('llm_model.transformer.ln_f.weight')).toBe(false)
      expect(sft.has('llm_model.lm_head.weight')).toBe(false)
      expect(sft.info('llm_proj.weight')).toMatchObject({ dtype: 'bfloat16', shape: [64, 48] })
      const sftBlock = await sft.readFloat32('llm_model.transformer.h.0.attn.c_attn.weight')
      const baseBlock = await withReader(files.qwenFolder, (q) =>
        q.readFloat32('transformer.h.0.attn.c_attn.weight')
      )
      expect(sftBlock.length).toBe(baseBlock.length)
      expect(sftBlock.some((v, i) => v !== baseBlock[i])).toBe(true)
    })
  })

  test('arch.json holds the numbers shapes cannot tell', async () => {
    const arch: unknown = JSON.parse(await readFile(files.archJson, 'utf8'))
    expect(arch).toEqual({
      vision: { heads: 2, layerNormEps: 1e-6, lnVisionEps: 1e-5, depth: 2 },
      qformer: { heads: 4, crossAttentionFreq: 2, layerNormEps: 1e-12 },
      imageSize: 224,
      patchSize: 14
    })
  })

  test('the same seed writes the same bytes; another seed does not', async () => {
    // Same file name: torch archives are prefixed with the file stem.
    await mkdir(join(dir, 'again'))
    const again = join(dir, 'again', 'eva_vit_g.pth')
    await writePth(again, visionPlan(files.arch, 7).tensors)
    expect((await readFile(again)).equals(await readFile(files.vision))).toBe(true)
    await writePth(again, visionPlan(files.arch, 8).tensors)
    expect((await readFile(again)).equals(await readFile(files.vision))).toBe(false)
  })
})
