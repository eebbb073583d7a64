// What a bench model package holds, computed without writing a byte: every stored tensor in the
// converter's own order and layout (planJobs, then the storage storeJob gives each job), its
// aligned offset, the size of every weights file and which decoder files are hard links of the
// first. Dry runs print this; the writer follows it.
import { planJobs, type Job } from '../../convert/tensor-plan'
import { WEIGHT_ALIGNMENT } from '../../convert/weight-writer'
import type { Manifest, PackageDtype, StoredDtype, TensorEntry } from '../../package/manifest'
import {
  EMBEDDING_FILE,
  HEAD_WEIGHTS_FILE,
  VISION_WEIGHTS_FILE,
  decoderWeightsFile
} from '../../package/tensor-names'
import { ConvertError } from '../../convert/errors'

/** How the writer fills a stored tensor: norm gains are ones, int4 scales small positives. */
export type FillKind = 'values' | 'ones' | 'scales' | 'nibbles'

export interface PlannedTensor {
  readonly name: string
  readonly entry: TensorEntry
  readonly fill: FillKind
}

export interface PlannedFile {
  readonly path: string
  readonly bytes: number
  /** Written once; every other decoder layer file is a hard link of the first. */
  readonly linkOf?: string
  /** Tensors written into this file, in order (empty for links). */
  readonly tensors: readonly PlannedTensor[]
}

export interface BenchModelPlan {
  readonly arch: Manifest['arch']
  readonly dtype: PackageDtype
  readonly int4BlockSize: number
  readonly files: readonly PlannedFile[]
  readonly tensors: Record<string, TensorEntry>
  readonly sizes: Manifest['sizes']
  /** Bytes the weights take on disk (links counted once). */
  readonly diskBytes: number
  /** Weight bytes one decode token reads: every decoder layer plus ln_f and lm_head. */
  readonly weightBytesPerToken: number
}

const ELEMENT_BYTES: Record<Exclude<StoredDtype, 'int4'>, number> = { float32: 4, float16: 2 }

function count(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1)
}

/** The tensors one converter job stores, with the dtype, shape and bytes storeJob gives them. */
function storedTensors(
  job: Job,
  blockSize: number
): { name: string; dtype: StoredDtype; shape: number[]; bytes: number; fill: FillKind }[] {
  switch (job.kind) {
    case 'raw':
    case 'embedding': {
      const gain = job.shape.length === 1 && job.target.endsWith('.weight')
      const bytes = count(job.shape) * ELEMENT_BYTES[job.store]
      const fill = gain ? 'ones' : 'values'
      return [{ name: job.target, dtype: job.store, shape: job.shape, bytes, fill }]
    }
    case 'qkv-bias':
      return [
        {
          name: job.target,
          dtype: 'float32',
          shape: [3 * job.width],
          bytes: 12 * job.width,
          fill: 'values'
        }
      ]
    case 'linear': {
      const [out, inp] = job.shape
      if (job.store === 'int4') {
        const blocks = Math.ceil(inp / blockSize)
        return [
          {
            name: job.target,
            dtype: 'int4',
            shape: [out, inp],
            bytes: (out * blocks * blockSize) / 2,
            fill: 'nibbles'
          },
          {
            name: `${job.target}.scales`,
            dtype: 'float32',
            shape: [out, blocks],
            bytes: out * blocks * 4,
            fill: 'scales'
          }
        ]
      }
      const bytes = out * inp * ELEMENT_BYTES[job.store]
      return [{ name: job.target, dtype: job.store, shape: [inp, out], bytes, fill: 'values' }]
    }
  }
}

export function planBenchModel(
  arch: Manifest['arch'],
  dtype: PackageDtype,
  int4BlockSize = 32
): BenchModelPlan {
  const firstLayer = decoderWeightsFile(0)
  const layerPrefix = (i: number): string => `h.${i}.`
  const files = new Map<string, { bytes: number; tensors: PlannedTensor[] }>()
  const tensors: Record<string, TensorEntry> = {}
  for (const job of planJobs(arch, dtype)) {
    let file = files.get(job.file)
    if (file === undefined) {
      file = { bytes: 0, tensors: [] }
      files.set(job.file, file)
    }
    for (const stored of storedTensors(job, int4BlockSize)) {
      const offset = Math.ceil(file.bytes / WEIGHT_ALIGNMENT) * WEIGHT_ALIGNMENT
      const entry: TensorEntry = {
        file: job.file,
        offset,
        bytes: stored.bytes,
        dtype: stored.dtype,
        shape: stored.shape
      }
      file.bytes = offset + stored.bytes
      file.tensors.push({ name: stored.name, entry, fill: stored.fill })
      tensors[stored.name] = entry
    }
  }
  const planned: PlannedFile[] = []
  for (const [path, file] of files) {
    const layer = /^weights\/decoder-(\d+)\.bin$/.exec(path)
    const isLink = layer !== null && Number(layer[1]) > 0
    if (isLink) {
      // Same layout as layer 0 (only the names differ), so the bytes can be shared.
      const first = files.get(firstLayer)
      const sameLayout = file.tensors.every((t, i) => {
        const a = first?.tensors[i]
        return (
          a !== undefined &&
          a.name.replace(layerPrefix(0), '') ===
            t.name.replace(layerPrefix(Number(layer[1])), '') &&
          a.entry.offset === t.entry.offset &&
          a.entry.bytes === t.entry.bytes
        )
      })
      if (!sameLayout) {
        throw new ConvertError('WRITE_FAILED', `${path} does not have the layout of ${firstLayer}`)
      }
    }
    planned.push(
      isLink
        ? { path, bytes: file.bytes, linkOf: firstLayer, tensors: [] }
        : { path, bytes: file.bytes, tensors: file.tensors }
    )
  }
  const bytesOf = (path: string): number => files.get(path)?.bytes ?? 0
  const decoderLayerBytes = Array.from({ length: arch.llm.layers }, (_, i) =>
    bytesOf(decoderWeightsFile(i))
  )
  const sizes: Manifest['sizes'] = {
    decoderLayerBytes,
    visionBytes: bytesOf(VISION_WEIGHTS_FILE),
    headBytes: bytesOf(HEAD_WEIGHTS_FILE),
    embeddingBytes: bytesOf(EMBEDDING_FILE)
  }
  return {
    arch,
    dtype,
    int4BlockSize,
    files: planned,
    tensors,
    sizes,
    diskBytes: planned.reduce((sum, f) => sum + (f.linkOf === undefined ? f.bytes : 0), 0),
    weightBytesPerToken: decoderLayerBytes.reduce((a, b) => a + b, 0) + sizes.headBytes
  }
}
