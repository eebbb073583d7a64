// `mpp make-bench-model`: writes a model package at a real MPP-Qwen-Next shape whose weights are
// a cheap deterministic fill, to answer "how fast would this model run here?" without the 15 GB
// of source files. The layout is the converter's (plan.ts); decoder layer 0 is written once and
// every other layer file is a hard link of it, so a 7B package takes seconds and a few GB. The
// manifest says demo and timingOnly: its answers are meaningless.
import { copyFile, link, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { TOKENIZER_FILE } from '../../convert/convert'
import { WeightFileWriter } from '../../convert/weight-writer'
import { bundledTokenizerFile } from '../../demo-model'
import { buildVisionGraph } from '../../onnx/vision-graph'
import { sha256File } from '../../package/file-hash'
import {
  DEFAULT_CHAT,
  DEFAULT_SPECIAL_IDS,
  MANIFEST_FILE,
  PACKAGE_FORMAT_VERSION,
  type Manifest,
  type PackageDtype
} from '../../package/manifest'
import { EMBEDDING_FILE, VISION_GRAPH_FILE } from '../../package/tensor-names'
import { ConvertError } from '../../convert/errors'
import { fillChunks } from './fill'
import { planBenchModel, type BenchModelPlan } from './plan'
import { benchArch, type BenchShape } from './shapes'

/** Printed by front doors that answer with a timing-only package. */
export const TIMING_ONLY_NOTICE =
  'This is a timing-only bench model (mpp make-bench-model): its weights are a fill pattern, ' +
  'so its answers mean nothing. Use it to measure speed (mpp bench), not to read answers.'

export interface MakeBenchModelOptions {
  readonly shape: BenchShape
  readonly dtype: PackageDtype
  readonly out: string
  readonly onProgress?: (p: { done: number; total: number; file: string }) => void
}

export interface MakeBenchModelResult {
  readonly plan: BenchModelPlan
  readonly manifest: Manifest
  readonly seconds: number
}

export function benchModelPlan(shape: BenchShape, dtype: PackageDtype): BenchModelPlan {
  return planBenchModel(benchArch(shape), dtype)
}

export async function makeBenchModel(opts: MakeBenchModelOptions): Promise<MakeBenchModelResult> {
  const started = performance.now()
  const exists = await stat(opts.out).then(
    () => true,
    () => false
  )
  if (exists) {
    throw new ConvertError('OUT_EXISTS', `${opts.out} already exists; choose a new --out folder`)
  }
  const plan = benchModelPlan(opts.shape, opts.dtype)
  const partial = `${opts.out}.partial-${process.pid}`
  try {
    const files = await writeWeights(plan, partial, opts.onProgress)
    const manifest: Manifest = {
      formatVersion: PACKAGE_FORMAT_VERSION,
      createdBy: `mpp make-bench-model --shape ${opts.shape} --dtype ${opts.dtype}`,
      demo: true,
      timingOnly: true,
      dtype: opts.dtype,
      int4BlockSize: plan.int4BlockSize,
      arch: plan.arch,
      specialIds: DEFAULT_SPECIAL_IDS,
      chatDefaults: DEFAULT_CHAT,
      sizes: plan.sizes,
      embedding: {
        file: EMBEDDING_FILE,
        dtype: opts.dtype === 'fp32' ? 'float32' : 'float16',
        rows: plan.arch.llm.vocab,
        width: plan.arch.llm.hidden
      },
      tokenizerFile: TOKENIZER_FILE,
      files,
      tensors: plan.tensors
    }
    await writeFile(
      join(partial, VISION_GRAPH_FILE),
      buildVisionGraph(manifest, (name) => plan.tensors[name])
    )
    await copyFile(bundledTokenizerFile(), join(partial, TOKENIZER_FILE))
    for (const extra of [VISION_GRAPH_FILE, TOKENIZER_FILE]) {
      const path = join(partial, extra)
      files[extra] = { bytes: (await stat(path)).size, sha256: await sha256File(path) }
    }
    await writeFile(join(partial, MANIFEST_FILE), JSON.stringify(manifest, null, 1) + '\n')
    await rename(partial, opts.out)
    return { plan, manifest, seconds: (performance.now() - started) / 1000 }
  } catch (error) {
    await rm(partial, { recursive: true, force: true })
    throw error
  }
}

async function writeWeights(
  plan: BenchModelPlan,
  root: string,
  onProgress: MakeBenchModelOptions['onProgress']
): Promise<Manifest['files']> {
  const files: Manifest['files'] = {}
  let done = 0
  for (const file of plan.files) {
    const path = join(root, file.path)
    await mkdir(dirname(path), { recursive: true })
    if (file.linkOf !== undefined) {
      await link(join(root, file.linkOf), path)
      files[file.path] = files[file.linkOf]
      continue
    }
    const writer = await WeightFileWriter.create(path, file.path)
    try {
      for (const { name, entry, fill } of file.tensors) {
        const written = await writer.writeChunks(
          fillChunks(fill, entry.dtype, entry.bytes),
          entry.dtype,
          entry.shape
        )
        if (written.offset !== entry.offset || written.bytes !== entry.bytes) {
          throw new ConvertError(
            'WRITE_FAILED',
            `${name} was written at ${written.offset} (${written.bytes} bytes); the plan says ${entry.offset} (${entry.bytes})`
          )
        }
        done += entry.bytes
        onProgress?.({ done, total: plan.diskBytes, file: file.path })
      }
      files[file.path] = await writer.finish()
    } catch (error) {
      await writer.abort()
      throw error
    }
  }
  return files
}
