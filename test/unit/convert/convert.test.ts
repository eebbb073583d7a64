// `convertModel` on the tiny test model: every source key accounted for (used / ignored with a
// reason / missing with its fallback), and clear errors, with no package or partial folder left
// behind, for a missing tensor, a truncated source, a wrong folder and a bad --arch file; then
// package loading that names a truncated, corrupted or missing file.
import {
  copyFile,
  mkdir,
  mkdtemp,
  open,
  readdir,
  readFile,
  rm,
  stat,
  writeFile
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openCheckpoint } from '../../../main/inference/checkpoint/open-checkpoint'
import { writePth } from '../../../main/inference/checkpoint/pth-writer'
import { convertModel, type ConvertOptions } from '../../../main/inference/convert/convert'
import type { ConvertReport } from '../../../main/inference/convert/key-accounting'
import { ModelPackage } from '../../../main/inference/package/model-package'
import {
  makeTestModel,
  type TestModelFiles
} from '../../../main/inference/test-model/make-test-model'
import { visionPlan } from '../../../main/inference/test-model/source-plans'

const fixtures = join(import.meta.dirname, '../../../../shared/fixtures')
let dir: string
let files: TestModelFiles
let base: Omit<ConvertOptions, 'out'>
let pkgDir: string
let report: ConvertReport

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mpp-convert-'))
  files = await makeTestModel({
    outDir: join(dir, 'src'),
    seed: 2,
    tokenizerPath: join(fixtures, 'qwen.tiktoken')
  })
  base = {
    vit: files.vision,
    blip2: files.blip2,
    llm: files.qwenFolder,
    sft: files.sft,
    arch: files.archJson,
    dtype: 'fp32'
  }
  pkgDir = join(dir, 'pkg')
  report = (await convertModel({ ...base, out: pkgDir })).report
})
afterAll(async () => rm(dir, { recursive: true, force: true }))

async function leftovers(out: string): Promise<string[]> {
  const names = await readdir(dirname(out))
  return names.filter((n) => n.startsWith(`${out.split('/').pop()}`))
}

describe('key accounting', () => {
  it('accounts for every key of every source exactly once', async () => {
    let total = 0
    for (const path of [files.vision, files.blip2, files.qwenFolder, files.sft]) {
      const reader = await openCheckpoint(path)
      total += reader.list().length
      await reader.close()
    }
    expect(report.used.length + report.ignored.length).toBe(total)
    const saved = JSON.parse(
      await readFile(join(pkgDir, 'convert-report.json'), 'utf8')
    ) as ConvertReport
    expect(saved).toEqual(report)
  })

  it('gives the reasons of MODEL-SPEC for ignored keys', () => {
    const reason = (key: string): string | undefined =>
      report.ignored.find((i) => i.key === key)?.reason
    expect(reason('t5_proj.weight')).toMatch(/T5/)
    expect(reason('Qformer.bert.encoder.layer.0.intermediate.dense.weight')).toMatch(/text FFN/)
    expect(reason(`blocks.${files.arch.vision.depth}.norm1.weight`)).toMatch(/beyond/)
    // merge order §10.3: the SFT's wte and h.* override the Qwen folder's
    expect(reason('transformer.h.0.attn.c_attn.weight')).toMatch(
      /overridden by llm_model\.transformer\.h\.0/
    )
    expect(report.used).toContainEqual(
      expect.objectContaining({
        key: 'llm_model.transformer.wte.weight',
        file: 'unfreeze_llm_model.pth'
      })
    )
    expect(report.ignored.filter((i) => /unexpected/.test(i.reason))).toEqual([])
  })

  it('reports ln_f and lm_head as missing from the SFT file, taken from the Qwen folder (§10.2)', () => {
    expect(report.missing.map((m) => m.key).sort()).toEqual([
      'llm_model.lm_head.weight',
      'llm_model.transformer.ln_f.weight'
    ])
    expect(report.used).toContainEqual(
      expect.objectContaining({ key: 'lm_head.weight', target: 'lm_head.weight' })
    )
  })
})

describe('conversion errors', () => {
  it('names a missing required tensor and leaves nothing behind', async () => {
    const vit = join(dir, 'vit-missing.pth')
    const plan = visionPlan(files.arch, 2).tensors.filter((t) => t.name !== 'blocks.1.attn.q_bias')
    await writePth(vit, plan)
    const out = join(dir, 'missing-out')
    await expect(convertModel({ ...base, vit, out })).rejects.toMatchObject({
      code: 'MISSING_TENSOR',
      message: expect.stringMatching(
        /vision\.blocks\.1\.attn\.qkv\.bias.*blocks\.1\.attn\.q_bias in vit-missing\.pth/
      )
    })
    expect(await leftovers(out)).toEqual([])
  })

  it('rejects a truncated source file with its name', async () => {
    const sft = join(dir, 'truncated.pth')
    await copyFile(files.sft, sft)
    const size = (await stat(sft)).size
    const handle = await open(sft, 'r+')
    await handle.truncate(Math.floor(size * 0.6))
    await handle.close()
    const out = join(dir, 'truncated-out')
    await expect(convertModel({ ...base, sft, out })).rejects.toThrow(/truncated\.pth/)
    expect(await leftovers(out)).toEqual([])
  })

  it('rejects a Qwen folder without config.json', async () => {
    const llm = join(dir, 'not-qwen')
    await mkdir(llm)
    const out = join(dir, 'wrong-folder-out')
    await expect(convertModel({ ...base, llm, out })).rejects.toThrow(/not-qwen/)
    expect(await leftovers(out)).toEqual([])
  })

  it('rejects unknown --arch keys and an existing output folder', async () => {
    const arch = join(dir, 'bad-arch.json')
    await writeFile(arch, JSON.stringify({ vision: { heads: 2, width: 64 } }))
    await expect(convertModel({ ...base, arch, out: join(dir, 'x') })).rejects.toMatchObject({
      code: 'BAD_ARCH',
      message: expect.stringMatching(/bad-arch\.json: vision: Unrecognized key.*width/)
    })
    await expect(convertModel({ ...base, out: pkgDir })).rejects.toMatchObject({
      code: 'OUT_EXISTS'
    })
    await expect(
      convertModel({ ...base, dtype: 'int4', int4BlockSize: 24, out: join(dir, 'y') })
    ).rejects.toMatchObject({ code: 'BAD_OPTION', message: expect.stringMatching(/block size 24/) })
  })
})

describe('package loading', () => {
  async function copyPackage(name: string): Promise<string> {
    const to = join(dir, name)
    for (const f of await readdir(pkgDir, { recursive: true })) {
      const from = join(pkgDir, f)
      if ((await stat(from)).isDirectory()) await mkdir(join(to, f), { recursive: true })
      else {
        await mkdir(dirname(join(to, f)), { recursive: true })
        await copyFile(from, join(to, f))
      }
    }
    return to
  }

  it('loads a good package and validates its manifest', async () => {
    const pkg = await ModelPackage.open(pkgDir)
    expect(pkg.manifest.arch.llm.layers).toBe(files.arch.llm.layers)
    expect(pkg.manifest.arch.vision.depth).toBe(files.arch.vision.depth)
  })

  it('names a truncated weights file', async () => {
    const p = await copyPackage('pkg-truncated')
    const handle = await open(join(p, 'weights/decoder-001.bin'), 'r+')
    await handle.truncate(100)
    await handle.close()
    await expect(ModelPackage.open(p)).rejects.toMatchObject({
      code: 'SIZE_MISMATCH',
      message: expect.stringMatching(/weights\/decoder-001\.bin has 100 bytes/)
    })
  })

  it('names a corrupted file (same size) and a missing one', async () => {
    const p = await copyPackage('pkg-corrupt')
    await ModelPackage.open(p) // fills the hash cache
    const file = join(p, 'weights/head.bin')
    const bytes = await readFile(file)
    bytes[bytes.length - 1] ^= 0xff
    await writeFile(file, bytes)
    await expect(ModelPackage.open(p)).rejects.toMatchObject({
      code: 'HASH_MISMATCH',
      message: expect.stringMatching(/weights\/head\.bin is corrupt/)
    })
    bytes[bytes.length - 1] ^= 0xff
    await writeFile(file, bytes)
    await rm(join(p, 'vision.onnx'))
    await expect(ModelPackage.open(p)).rejects.toMatchObject({
      code: 'MISSING_FILE',
      message: expect.stringMatching(/vision\.onnx/)
    })
    await expect(ModelPackage.open(join(dir, 'src'))).rejects.toMatchObject({
      code: 'NOT_A_PACKAGE'
    })
  })
})
