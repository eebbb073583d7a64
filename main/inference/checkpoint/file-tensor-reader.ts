// The part every single-file checkpoint reader shares: a name → tensor-info map over one open
// file, the typed accessors, and closing the file. Formats supply only how bytes are read.
import type { FileHandle } from 'node:fs/promises'
import { basename } from 'node:path'
import { CheckpointError } from './errors'
import type { CheckpointReader, TensorInfo } from './types'

export abstract class FileTensorReader<I extends TensorInfo> implements CheckpointReader {
  constructor(
    readonly path: string,
    protected readonly handle: FileHandle,
    protected readonly tensors: Map<string, I>
  ) {}

  list(): readonly I[] {
    return [...this.tensors.values()]
  }

  has(name: string): boolean {
    return this.tensors.has(name)
  }

  info(name: string): I {
    const info = this.tensors.get(name)
    if (!info) {
      throw new CheckpointError(
        'UNKNOWN_TENSOR',
        `${basename(this.path)} has no tensor named ${name}`
      )
    }
    return info
  }

  readFloat32(name: string): Promise<Float32Array> {
    return this.read(name, 'float32')
  }

  readFloat64(name: string): Promise<Float64Array> {
    return this.read(name, 'float64')
  }

  readRowsFloat32(name: string, start: number, count: number): Promise<Float32Array> {
    return this.read(name, 'float32', [start, count])
  }

  async close(): Promise<void> {
    await this.handle.close()
  }

  /** Reads a tensor (or `rows` = [first, count] of its leading dimension), widened. */
  protected abstract read<T extends Float32Array | Float64Array>(
    name: string,
    widen: 'float32' | 'float64',
    rows?: readonly [number, number]
  ): Promise<T>
}
