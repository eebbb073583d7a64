// The values the checkpoint unpickler can produce. Only plain data and the few torch objects a
// state dict is made of exist here; anything else is refused while unpickling.
import type { StorageDtype } from './types'

export type PickleKey = string | number | bigint | boolean | null

export type PickleValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PickleValue[]
  | PickleTuple
  | PickleDict
  | PickleGlobal
  | StorageRef
  | TensorRef

export class PickleTuple {
  constructor(readonly items: readonly PickleValue[]) {}
}

/** A Python dict or collections.OrderedDict; both keep insertion order. */
export class PickleDict {
  readonly entries = new Map<PickleKey, PickleValue>()
}

/** A whitelisted global, resolved when it is called by REDUCE. */
export class PickleGlobal {
  constructor(
    readonly module: string,
    readonly name: string
  ) {}
  get qualifiedName(): string {
    return `${this.module}.${this.name}`
  }
}

/** A torch storage named by a persistent id: bytes live in the archive's data/<key> entry. */
export class StorageRef {
  constructor(
    readonly key: string,
    readonly dtype: StorageDtype,
    readonly numel: number
  ) {}
}

/** torch._utils._rebuild_tensor_v2 applied to a storage: a strided view into it. */
export class TensorRef {
  constructor(
    readonly storage: StorageRef,
    readonly storageOffset: number,
    readonly shape: readonly number[],
    readonly stride: readonly number[]
  ) {}
}

export const storageDtypes: Readonly<Record<string, StorageDtype>> = {
  FloatStorage: 'float32',
  HalfStorage: 'float16',
  BFloat16Storage: 'bfloat16',
  DoubleStorage: 'float64',
  LongStorage: 'int64',
  IntStorage: 'int32',
  ByteStorage: 'uint8',
  BoolStorage: 'bool'
}
