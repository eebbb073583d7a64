// Decoder segment graphs of a model package, built on demand and cached in the package folder
// beside the weights (ORT resolves external data relative to the graph's folder). A stamp file
// drops graphs built by an older builder.
import { readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import type { TensorEntry } from '../package/manifest'
import type { ModelPackage } from '../package/model-package'
import { segmentGraphFile } from '../package/tensor-names'
import { buildDecoderSegment, type KvVariant } from './decoder-graph'
import { buildGpuDecoderSegment, type GpuKvVariant } from './gpu-decoder-graph'

/** Bump when decoder graphs change shape or I/O: cached segment graphs are then rebuilt. */
export const GRAPH_BUILDER_VERSION = '6'
const GRAPH_VERSION_FILE = '.graph-version'

/** Path of the graph for layers [from, to) in the given KV variant, built if missing. */
export async function segmentGraph(
  pkg: ModelPackage,
  from: number,
  to: number,
  variant: KvVariant | GpuKvVariant
): Promise<string> {
  const { layers } = pkg.manifest.arch.llm
  if (!(from >= 0 && from < to && to <= layers)) {
    throw new RangeError(`segment [${from}, ${to}) is outside the model's ${layers} layers`)
  }
  await dropStaleGraphs(pkg)
  const path = pkg.path(segmentGraphFile(from, to, variant))
  const exists = await stat(path).then(
    () => true,
    () => false
  )
  if (!exists) {
    const lookup = (n: string): TensorEntry => pkg.tensor(n)
    const segment = { from, to, isLast: to === layers }
    const bytes =
      variant === 'gqa' || variant === 'gqa16'
        ? buildGpuDecoderSegment(pkg.manifest, lookup, { ...segment, variant })
        : buildDecoderSegment(pkg.manifest, lookup, { ...segment, variant })
    const temporary = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`
    await writeFile(temporary, bytes)
    await rename(temporary, path)
  }
  return path
}

async function dropStaleGraphs(pkg: ModelPackage): Promise<void> {
  const stamp = await readFile(pkg.path(GRAPH_VERSION_FILE), 'utf8').catch(() => '')
  if (stamp === GRAPH_BUILDER_VERSION) return
  for (const file of await readdir(pkg.dir)) {
    if (/^decoder-\d+-\d+\.\w+\.onnx$/.test(file)) await rm(pkg.path(file), { force: true })
  }
  await writeFile(pkg.path(GRAPH_VERSION_FILE), GRAPH_BUILDER_VERSION)
}
