// The bench model's plan at the real shapes against numbers computed by hand from MODEL-SPEC
// (§3 EVA ViT-g, §5 Qwen-7B/14B) and the package format (int4 = MatMulNBits block 32: half a
// byte per weight plus one float32 scale per 32 weights; fp16 = 2 bytes; norms and biases fp32),
// without writing anything. Also: the plan is the converter's own layout, checked against a real
// conversion of the tiny test model.
import { execFile } from 'node:child_process'
import { readFile, rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { planBenchModel } from '../../../main/inference/bench/bench-model/plan'
import { benchArch } from '../../../main/inference/bench/bench-model/shapes'
import { manifestSchema } from '../../../main/inference/package/manifest'
import { makeTinyPackage, type TinyPackage } from '../engine/tiny-package'

const cli = join(resolve(import.meta.dirname, '../../..'), 'out/main/cli.js')
const run = promisify(execFile)

/** int4 Linear [out, in]: packed nibbles + float32 scales per 32 inputs. */
const int4 = (out: number, inp: number): number => (out * inp) / 2 + out * (inp / 32) * 4

/** One int4 Qwen layer: ln_1, c_attn (+ fp32 bias), c_proj, ln_2, w1, w2, mlp.c_proj. */
const int4Layer = (h: number, m: number): number =>
  h * 4 + int4(3 * h, h) + 3 * h * 4 + int4(h, h) + h * 4 + 2 * int4(m, h) + int4(h, m)

describe('make-bench-model plan at qwen-7b', () => {
  const plan = planBenchModel(benchArch('qwen-7b'), 'int4')
  const h = 4096
  const mlp = 11008
  // Every piece is a multiple of 4096 bytes, so there is no alignment padding.
  const layer = int4Layer(h, mlp)

  it('has 32 decoder layers of the hand-computed int4 size', () => {
    expect(layer).toBe(126_566_400)
    expect(plan.sizes.decoderLayerBytes).toEqual(Array(32).fill(layer))
  })

  it('reads 4.44 GB of weights per token (32 layers + ln_f + int4 lm_head)', () => {
    const head = h * 4 + int4(151936, h)
    expect(plan.sizes.headBytes).toBe(head)
    expect(plan.weightBytesPerToken).toBe(32 * layer + head)
    expect((plan.weightBytesPerToken / 1e9).toFixed(2)).toBe('4.44')
  })

  it('stores the token table in fp16 and the tensors at their real shapes', () => {
    expect(plan.sizes.embeddingBytes).toBe(151936 * 4096 * 2)
    expect(plan.tensors['h.31.mlp.w1.weight']).toMatchObject({
      dtype: 'int4',
      shape: [11008, 4096],
      bytes: (11008 * 4096) / 2
    })
    expect(plan.tensors['h.31.mlp.w1.weight.scales']).toMatchObject({
      dtype: 'float32',
      shape: [11008, 128]
    })
    expect(plan.tensors['h.0.attn.c_attn.weight'].shape).toEqual([12288, 4096])
    expect(plan.tensors['lm_head.weight'].shape).toEqual([151936, 4096])
    expect(plan.tensors['llm_proj.weight']).toMatchObject({ dtype: 'float16', shape: [768, 4096] })
    expect(plan.tensors['vision.blocks.38.mlp.fc1.weight'].shape).toEqual([1408, 6144])
    expect(plan.tensors['vision.blocks.39.mlp.fc1.weight']).toBeUndefined()
    expect(plan.tensors['qformer.layer.10.crossattention.self.key.weight'].shape).toEqual([
      1408, 768
    ])
    expect(plan.tensors['qformer.layer.11.crossattention.self.key.weight']).toBeUndefined()
  })

  it('holds EVA ViT-g with 985.9 M parameters (MODEL-SPEC §3)', () => {
    let elements = 0
    for (const [name, entry] of Object.entries(plan.tensors)) {
      if (name.startsWith('vision.')) elements += entry.shape.reduce((a, b) => a * b, 1)
    }
    // The stored qkv bias is [q_bias, 0, v_bias]: 1408 zeros per block more than the source.
    expect(elements - 39 * 1408).toBe(985_894_528)
  })

  it('writes every decoder layer once: the other 31 are links of layer 0', () => {
    const layers = plan.files.filter((f) => f.path.startsWith('weights/decoder-'))
    expect(layers).toHaveLength(32)
    expect(layers[0].linkOf).toBeUndefined()
    expect(layers.slice(1).every((f) => f.linkOf === 'weights/decoder-000.bin')).toBe(true)
    const written = plan.files.filter((f) => f.linkOf === undefined).map((f) => f.bytes)
    expect(plan.diskBytes).toBe(written.reduce((a, b) => a + b, 0))
    expect(plan.diskBytes).toBeLessThan(4.5e9)
  })
})

describe('make-bench-model plan at other shapes', () => {
  it('qwen-7b fp16 reads 14.20 GB per token: 7.72 B parameters in bf16 less the token table', () => {
    const plan = planBenchModel(benchArch('qwen-7b'), 'fp16')
    const h = 4096
    const layer = 2 * h * 4 + 3 * h * h * 2 + 3 * h * 4 + h * h * 2 + 3 * h * 11008 * 2
    expect(plan.sizes.decoderLayerBytes[0]).toBe(layer)
    expect(plan.weightBytesPerToken).toBe(32 * layer + h * 4 + 151936 * h * 2)
    expect((plan.weightBytesPerToken / 1e9).toFixed(2)).toBe('14.20')
  })

  it('qwen-14b has 40 layers of hidden 5120, MLP 13696 and a 152064-row vocabulary', () => {
    const plan = planBenchModel(benchArch('qwen-14b'), 'int4')
    const h = 5120
    const m = 13696
    const layer = int4Layer(h, m)
    expect(plan.sizes.decoderLayerBytes).toEqual(Array(40).fill(layer))
    expect(plan.sizes.headBytes).toBe(h * 4 + int4(152064, h))
    expect(plan.sizes.embeddingBytes).toBe(152064 * h * 2)
    expect(plan.arch.llm.seqLength).toBe(2048)
    let llmParams = 0
    for (const [name, entry] of Object.entries(plan.tensors)) {
      if (name.startsWith('h.') && !name.endsWith('.scales')) {
        llmParams += entry.shape.reduce((a, b) => a * b, 1)
      }
    }
    llmParams += h + 2 * 152064 * h
    expect((llmParams / 1e9).toFixed(2)).toBe('14.17')
  })
})

describe('make-bench-model plan and the converter', () => {
  let tiny: TinyPackage | undefined
  afterAll(async () => {
    if (tiny !== undefined) await rm(tiny.root, { recursive: true, force: true })
  })

  it('lays out every tensor exactly as mpp convert does (tiny model, int4)', async () => {
    tiny = await makeTinyPackage('int4')
    const converted = manifestSchema.parse(
      JSON.parse(await readFile(join(tiny.pkgDir, 'manifest.json'), 'utf8'))
    )
    const plan = planBenchModel(benchArch('tiny'), 'int4')
    expect(plan.arch).toEqual(converted.arch)
    expect(plan.tensors).toEqual(converted.tensors)
    expect(plan.sizes).toEqual(converted.sizes)
    for (const file of plan.files) expect(file.bytes).toBe(converted.files[file.path].bytes)
  }, 120_000)

  it('prints the plan with --plan and writes nothing', async () => {
    const { stdout } = await run(process.execPath, [
      cli,
      'make-bench-model',
      '--shape',
      'qwen-7b',
      '--plan',
      '--json'
    ])
    const printed = JSON.parse(stdout) as { weightBytesPerToken: number; diskBytes: number }
    expect(printed.weightBytesPerToken).toBe(4_439_097_344)
    expect(printed.diskBytes).toBe(planBenchModel(benchArch('qwen-7b'), 'int4').diskBytes)
  })
})
