// Lazily generated random tensors for the test-model writers: values are produced in chunks on
// demand (never the whole table at once) and are identical on every pass.
import type { TensorToWrite } from '../checkpoint/pth-writer'
import type { StorageDtype } from '../checkpoint/types'
import { elementCount } from '../checkpoint/dtype'
import { SeededRandom } from './prng'

const CHUNK = 1 << 20

export type Init =
  | { readonly kind: 'normal'; readonly std: number; readonly mean?: number }
  | { readonly kind: 'arange' }
  /**
   * A matrix whose only non-zero rows are the listed pairs: both rows of a pair hold one random
   * vector, the second negated, so for any input one of the two scores at least zero and every
   * other row scores exactly zero.
   */
  | { readonly kind: 'paired-rows'; readonly std: number; readonly pairs: readonly Pair[] }

type Pair = readonly [number, number]

/** Row index -> its values, for a paired-rows init of `columns` columns. */
function pairedRows(
  random: SeededRandom,
  pairs: readonly Pair[],
  columns: number,
  std: number
): Map<number, Float64Array> {
  const rows = new Map<number, Float64Array>()
  for (const [first, second] of pairs) {
    const values = Float64Array.from({ length: columns }, () => std * random.normal())
    rows.set(first, values)
    rows.set(
      second,
      values.map((v) => -v)
    )
  }
  return rows
}

export function randomTensor(
  seed: number,
  name: string,
  dtype: StorageDtype,
  shape: readonly number[],
  init: Init
): TensorToWrite {
  return {
    name,
    dtype,
    shape,
    *chunks() {
      const total = elementCount(shape)
      const random = new SeededRandom(seed, name)
      const columns = shape.at(-1) ?? 1
      const rows =
        init.kind === 'paired-rows' ? pairedRows(random, init.pairs, columns, init.std) : null
      for (let start = 0; start < total; start += CHUNK) {
        const chunk = new Float64Array(Math.min(CHUNK, total - start))
        for (let i = 0; i < chunk.length; i++) {
          const at = start + i
          if (init.kind === 'arange') chunk[i] = at
          else if (init.kind === 'normal') chunk[i] = (init.mean ?? 0) + init.std * random.normal()
          else chunk[i] = rows?.get(Math.floor(at / columns))?.[at % columns] ?? 0
        }
        yield chunk
      }
    }
  }
}

/** Builds tensors of one file: `dtypeOf` picks each tensor's storage type from its name. */
export class TensorPlan {
  readonly tensors: TensorToWrite[] = []

  constructor(
    private readonly seed: number,
    private readonly dtypeOf: (name: string) => StorageDtype
  ) {}

  add(name: string, shape: readonly number[], init: Init): this {
    this.tensors.push(randomTensor(this.seed, name, this.dtypeOf(name), shape, init))
    return this
  }

  /** Linear weight [out, in] scaled by 1/sqrt(in), so activations keep unit scale. */
  linear(prefix: string, out: number, inWidth: number, bias: boolean): this {
    this.add(`${prefix}.weight`, [out, inWidth], { kind: 'normal', std: 1 / Math.sqrt(inWidth) })
    if (bias) this.add(`${prefix}.bias`, [out], { kind: 'normal', std: 0.1 })
    return this
  }

  /** Norm weight near 1 (and bias near 0), random so a skipped norm parameter shows. */
  norm(prefix: string, width: number, bias: boolean): this {
    this.add(`${prefix}.weight`, [width], { kind: 'normal', mean: 1, std: 0.1 })
    if (bias) this.add(`${prefix}.bias`, [width], { kind: 'normal', std: 0.1 })
    return this
  }
}
