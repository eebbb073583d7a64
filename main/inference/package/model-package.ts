// Opens a model package folder: validates the manifest and checks every file's size and sha256
// (hashes cached by size + mtime in .hash-cache.json so warm loads stay fast). Decoder segment
// graphs are built on demand by onnx/segment-graph.ts and cached in the package folder.
import { readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { PackageError } from './errors'
import { sha256File } from './file-hash'
import {
  MANIFEST_FILE,
  isInsidePackage,
  manifestSchema,
  type Manifest,
  type TensorEntry
} from './manifest'

const HASH_CACHE_FILE = '.hash-cache.json'

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
        'NOT_A_PACKAGE',
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
        'BAD_MANIFEST',
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
        'UNKNOWN_TENSOR',
        `${join(this.dir, MANIFEST_FILE)} lists no tensor ${name}`
      )
    }
    return entry
  }

  /** The file's path in the package folder; a name that would leave the folder is an error. */
  path(file: string): string {
    if (!isInsidePackage(file)) {
      throw new PackageError('BAD_MANIFEST', `${file} is not a file inside the model package`)
    }
    return join(this.dir, file)
  }

  /** Path of the segment graph for layers [from, to), built and cached on first use. */
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
          'MISSING_FILE',
          `${this.path(file)} is missing from the model package`
        )
      }
      if (info.size !== expected.bytes) {
        throw new PackageError(
          'SIZE_MISMATCH',
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
          'HASH_MISMATCH',
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
