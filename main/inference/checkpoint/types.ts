// The reader contract every checkpoint format implements (.pth zip, .safetensors, sharded
// safetensors). Readers stream: `read` loads one tensor at a time from disk.

/** Storage element types met in the seed's checkpoints. */
export type StorageDtype =
  'float32' | 'float16' | 'bfloat16' | 'float64' | 'int64' | 'int32' | 'uint8' | 'bool'

export interface TensorInfo {
  readonly name: string
  readonly dtype: StorageDtype
  readonly shape: readonly number[]
}

export interface CheckpointReader {
  /** File (or index file) this reader was opened on, for error messages. */
  readonly path: string
  /** Every tensor in the file, in file order. */
  list(): readonly TensorInfo[]
  has(name: string): boolean
  info(name: string): TensorInfo
  /** Reads one tensor from disk and widens it to float32 (bf16/fp16 exactly, fp64 rounded). */
  readFloat32(name: string): Promise<Float32Array>
  /** Reads one tensor as float64 (exact for every float storage type). */
  readFloat64(name: string): Promise<Float64Array>
  /**
   * Reads rows [start, start + count) of the first dimension, widened to float32, so a huge
   * table (wte, lm_head) can be streamed in slices. Implemented by every reader in this folder.
   */
  readRowsFloat32?(name: string, start: number, count: number): Promise<Float32Array>
  close(): Promise<void>
}
