// `mpp convert`: reads the seed's four sources, streams every tensor (one at a time) into the
// package's weight files, builds the vision graph, copies the tokenizer and writes the manifest
// and convert report. Everything goes to OUT.partial-<pid> first and is renamed at the end, so a
// failure never leaves a half-written package.
import { copyFile, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { openCheckpoint } from '../checkpoint/open-checkpoint'
import type { CheckpointReader } from '../checkpoint/types'
import { buildVisionGraph } from '../onnx/vision-graph'
import { sha256File } from '../package/file-hash'
import {
  DEFAULT_CHAT,
  DEFAULT_SPECIAL_IDS,
  MANIFEST_FILE,
  PACKAGE_FORMAT_VERSION,
  type Manifest,
  type PackageDtype,
  type TensorEntry
} from '../package/manifest'
import {
  CONVERT_REPORT_FILE,
  EMBEDDING_FILE,
  HEAD_WEIGHTS_FILE,
  VISION_GRAPH_FILE,
  VISION_WEIGHTS_FILE,
  decoderWeightsFile
} from '../package/tensor-names'
import { deriveArch, readArchOptions } from './arch-options'
import { ConvertError } from './errors'
import { KeyAccounting, type ConvertReport, type SourceKey, type Sources } from './key-accounting'
import { storeJob, type JobReader, type TensorSource } from './store-tensor'
import { planJobs, type Job } from './tensor-plan'
import { WeightFileWriter } from './weight-writer'

export const TOKENIZER_FILE = 'qwen.tiktoken'

export interface ConvertOptions {
  vit: string
  blip2: string
  llm: string
  sft: string
  arch?: string
  dtype: PackageDtype
  out: string
  int4BlockSize?: number
  /** Marks the package as random-weight (test models). */
  demo?: boolean
  onProgress?: (p: { done: number; total: number; label: string }) => void
}

export interface ConvertResult {
  report: ConvertReport
  manifest: Manifest
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false
  )
}

export async function convertModel(opts: ConvertOptions): Promise<ConvertResult> {
  if (await exists(opts.out)) {
    throw new ConvertError(
      'OUT_EXISTS',
      `${opts.out} already exists; choose another name or folder for the converted model`
    )
  }
  const blockSize = opts.int4BlockSize ?? 32
  if (!Number.isInteger(Math.log2(blockSize)) || blockSize < 16) {
    throw new ConvertError(
      'BAD_OPTION',
      `int4 block size ${blockSize} must be a power of two ≥ 16 (MatMulNBits)`
    )
  }
  const archOptions = await readArchOptions(opts.arch)
  const readers: CheckpointReader[] = []
  const partial = `${opts.out}.partial-${process.pid}`
  try {
    const open = async (p: string): Promise<CheckpointReader> => {
      const r = await openCheckpoint(p)
      readers.push(r)
      return r
    }
    const sources: Sources = {
      vit: await open(opts.vit),
      blip2: await open(opts.blip2),
      llm: await open(opts.llm),
      sft: await open(opts.sft)
    }
    const tokenizer = join(opts.llm, TOKENIZER_FILE)
    if (!(await exists(tokenizer))) {
      throw new ConvertError(
        'MISSING_TOKENIZER',
        `${opts.llm} holds no ${TOKENIZER_FILE} (the Qwen tokenizer file)`
      )
    }
    const arch = await deriveArch(
      { vit: sources.vit, blip2: sources.blip2, llmFolder: opts.llm },
      archOptions
    )
    const accounting = new KeyAccounting(sources)
    for (const { name } of sources.vit.list()) {
      const m = /^blocks\.(\d+)\./.exec(name)
      if (m && Number(m[1]) >= arch.vision.depth) {
        accounting.ignore(
          'vit',
          name,
          `EVA block beyond the model's ${arch.vision.depth} blocks (BLIP-2 uses the penultimate block)`
        )
      }
    }
    const jobs = planJobs(arch, opts.dtype)
    const resolved = jobs.map((job) => resolveJob(job, accounting))
    const report = accounting.report()

    await mkdir(join(partial, 'weights'), { recursive: true })
    const tensors: Record<string, TensorEntry> = {}
    const files: Manifest['files'] = {}
    const total = resolved.reduce((sum, r) => sum + r.elements, 0)
    let done = 0
    let writer: WeightFileWriter | undefined
    for (const { job, read, elements } of resolved) {
      if (writer?.relativePath !== job.file) {
        if (writer) files[writer.relativePath] = await writer.finish()
        writer = await WeightFileWriter.create(join(partial, job.file), job.file)
      }
      opts.onProgress?.({ done, total, label: job.target })
      let streamed = 0
      const onSlice = (n: number): void => {
        streamed += n
        opts.onProgress?.({ done: done + streamed, total, label: job.target })
      }
      Object.assign(tensors, await storeJob(job, read, writer, blockSize, onSlice))
      done += elements
    }
    if (writer) files[writer.relativePath] = await writer.finish()
    opts.onProgress?.({ done: total, total, label: 'vision graph' })

    const manifest: Manifest = {
      formatVersion: PACKAGE_FORMAT_VERSION,
      createdBy: 'mpp convert',
      demo: opts.demo ?? false,
      dtype: opts.dtype,
      int4BlockSize: blockSize,
      arch,
      specialIds: DEFAULT_SPECIAL_IDS,
      chatDefaults: DEFAULT_CHAT,
      sizes: {
        decoderLayerBytes: Array.from(
          { length: arch.llm.layers },
          (_, i) => files[decoderWeightsFile(i)].bytes
        ),
        visionBytes: files[VISION_WEIGHTS_FILE].bytes,
        headBytes: files[HEAD_WEIGHTS_FILE].bytes,
        embeddingBytes: files[EMBEDDING_FILE].bytes
      },
      embedding: {
        file: EMBEDDING_FILE,
        dtype: opts.dtype === 'fp32' ? 'float32' : 'float16',
        rows: arch.llm.vocab,
        width: arch.llm.hidden
      },
      tokenizerFile: TOKENIZER_FILE,
      files,
      tensors
    }
    const visionGraph = buildVisionGraph(manifest, (name) => tensors[name])
    await writeFile(join(partial, VISION_GRAPH_FILE), visionGraph)
    await copyFile(tokenizer, join(partial, TOKENIZER_FILE))
    for (const extra of [VISION_GRAPH_FILE, TOKENIZER_FILE]) {
      const path = join(partial, extra)
      files[extra] = { bytes: (await stat(path)).size, sha256: await sha256File(path) }
    }
    await writeFile(join(partial, CONVERT_REPORT_FILE), JSON.stringify(report, null, 1) + '\n')
    await writeFile(join(partial, MANIFEST_FILE), JSON.stringify(manifest, null, 1) + '\n')
    await rename(partial, opts.out)
    return { report, manifest }
  } catch (error) {
    await rm(partial, { recursive: true, force: true })
    throw error
  } finally {
    for (const r of readers) await r.close().catch(() => undefined)
  }
}

interface ResolvedJob {
  job: Job
  elements: number
  read: JobReader
}

/** Picks each job's source (recording the key accounting) and checks its shape up front. */
function resolveJob(job: Job, accounting: KeyAccounting): ResolvedJob {
  const pick = (from: SourceKey[], shape: readonly number[]): TensorSource => {
    const winner = accounting.resolve(job.target, from)
    const reader = accounting.sources[winner.source]
    const actual = reader.info(winner.key).shape
    const flat = (s: readonly number[]): string => s.filter((d) => d !== 1).join(',')
    if (
      flat(actual) !== flat(shape) ||
      actual.reduce((a, b) => a * b, 1) !== shape.reduce((a, b) => a * b, 1)
    ) {
      throw new ConvertError(
        'BAD_SHAPE',
        `${winner.key} in ${accounting.fileOf(winner.source)} has shape [${actual.join(',')}], expected [${shape.join(',')}]`
      )
    }
    const readRows = reader.readRowsFloat32?.bind(reader)
    return {
      all: () => reader.readFloat32(winner.key),
      rows:
        readRows && actual.length === 2
          ? (start, count) => readRows(winner.key, start, count)
          : undefined
    }
  }
  if (job.kind === 'qkv-bias') {
    const q = pick(job.q, [job.width])
    const v = pick(job.v, [job.width])
    return { job, elements: 2 * job.width, read: (side) => (side === 'q' ? q : v) }
  }
  const main = pick(job.from, job.shape)
  return { job, elements: job.shape.reduce((a, b) => a * b, 1), read: () => main }
}
