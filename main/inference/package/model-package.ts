// Opens a model package folder: validates the manifest, checks every file's size and sha256
// (hashes cached by size + mtime in .hash-cache.json so warm loads stay fast) and builds
// decoder segment graphs on demand, cached beside the weights (ORT resolves external data
// relative to the graph's folder).
import { readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { buildDecoderSegment, type KvVariant } from '../onnx/decoder-graph'
import { PackageError } from './errors'
import { sha256File } from './file-hash'
import {
  MANIFEST_FILE,
  isInsidePackage,
  manifestSchema,
  type Manifest,
  type TensorEntry
} from './manifest'
import { segmentGraphFile } from './tensor-names'

const HASH_CACHE_FILE = '.hash-cache.json'
/** Bump when decoder graphs change shape or I/O: cached segment graphs are then rebuilt. */
export const GRAPH_BUILDER_VERSION = '5'
const GRAPH_VERSION_FILE = '.graph-version'

type HashCache = Record<string, { bytes: number; mtimeMs: number; sha256: string }>

export interface OpenPackageOptions {
  /** 'hash' (default) checks sizes and sha256; 'size' checks sizes only. */
  verify?: 'hash' | 'size'
  /** Called after each file is checked (hashing a real model's files takes seconds). */
  onVerified?: (done: number, total: number, file: string) => void
}

export class ModelPackage {
  private constructor(
    readonly dir: string,
    readonly manifest: Manifest
  ) {}

  static async open(dir: string, options: OpenPackageOptions = {}): Promise<ModelPackage> {
    const manifestPath = join(dir, MANIFEST_FILE)
    let raw: unknown
    try {
      raw = JSON.parse(await readFile(manifestPath, 'utf8'))
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error)
      throw new PackageError(
        'not-a-package',
        `${dir} is not a model package: ${MANIFEST_FILE} cannot be read (${why})`,
        {
          cause: error
        }
      )
    }
    const parsed = manifestSchema.safeParse(raw)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      // A bad key (a file name in `files`) says why through its own nested issue.
      const reason =
        issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message
      throw new PackageError(
        'bad-manifest',
        `${manifestPath} is invalid: ${issue.path.join('.')}: ${reason}`
      )
    }
    const pkg = new ModelPackage(dir, parsed.data)
    await pkg.verifyFiles(options.verify ?? 'hash', options.onVerified)
    return pkg
  }

  tensor(name: string): TensorEntry {
    const entry = this.manifest.tensors[name]
    if (entry === undefined) {
      throw new PackageError(
        'unknown-tensor',
        `${join(this.dir, MANIFEST_FILE)} lists no tensor ${name}`
      )
    }
    return entry
  }

  /** The file's path in the package folder; a name that would leave the folder is an error. */
  path(file: string): string {
    if (!isInsidePackage(file)) {
      throw new PackageError('bad-manifest', `${file} is not a file inside the model package`)
    }
    return join(this.dir, file)
  }

  /** Path of the segment graph for layers [from, to), built and cached on first use. */
  async segmentGraph(from: number, to: number, variant: KvVariant): Promise<string> {
    const { layers } = this.manifest.arch.llm
    if (!(from >= 0 && from < to && to <= layers)) {
      throw new RangeError(`segment [${from}, ${to}) is outside the model's ${layers} layers`)
    }
    await this.dropStaleGraphs()
    const path = this.path(segmentGraphFile(from, to, variant))
    const exists = await stat(path).then(
      () => true,
      () => false
    )
    if (!exists) {
      const bytes = buildDecoderSegment(this.manifest, (n) => this.tensor(n), {
        from,
        to,
        isLast: to === layers,
        variant
      })
      const temporary = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`
      await writeFile(temporary, bytes)
      await rename(temporary, path)
    }
    return path
  }

  private async dropStaleGraphs(): Promise<void> {
    const stamp = await readFile(this.path(GRAPH_VERSION_FILE), 'utf8').catch(() => '')
    if (stamp === GRAPH_BUILDER_VERSION) return
    for (const file of await readdir(this.dir)) {
      if (/^decoder-\d+-\d+\.\w+\.onnx$/.test(file)) await rm(this.path(file), { force: true })
    }
    await writeFile(this.path(GRAPH_VERSION_FILE), GRAPH_BUILDER_VERSION)
  }

  private async verifyFiles(
    mode: 'hash' | 'size',
    onVerified: OpenPackageOptions['onVerified']
  ): Promise<void> {
    const cachePath = this.path(HASH_CACHE_FILE)
    const cache: HashCache = await readFile(cachePath, 'utf8')
      .then((text) => JSON.parse(text) as HashCache)
      .catch(() => ({}))
    let cacheChanged = false
    const entries = Object.entries(this.manifest.files)
    for (const [index, [file, expected]] of entries.entries()) {
      const info = await stat(this.path(file)).catch(() => undefined)
      if (info === undefined) {
        throw new PackageError(
          'missing-file',
          `${this.path(file)} is missing from the model package`
        )
      }
      if (info.size !== expected.bytes) {
        throw new PackageError(
          'size-mismatch',
          `${this.path(file)} has ${info.size} bytes but the manifest expects ${expected.bytes} (truncated or replaced?)`
        )
      }
      if (mode === 'size') {
        onVerified?.(index + 1, entries.length, file)
        continue
      }
      const cached = cache[file]
      if (
        cached &&
        cached.bytes === info.size &&
        cached.mtimeMs === info.mtimeMs &&
        cached.sha256 === expected.sha256
      ) {
        onVerified?.(index + 1, entries.length, file)
        continue
      }
      const actual = await sha256File(this.path(file))
      if (actual !== expected.sha256) {
        throw new PackageError(
          'hash-mismatch',
          `${this.path(file)} is corrupt: its sha256 does not match the manifest`
        )
      }
      cache[file] = { bytes: info.size, mtimeMs: info.mtimeMs, sha256: actual }
      cacheChanged = true
      onVerified?.(index + 1, entries.length, file)
    }
    if (cacheChanged) {
      // A read-only package still loads; it just re-hashes next time.
      await writeFile(cachePath, JSON.stringify(cache)).catch(() => undefined)
    }
  }
}
