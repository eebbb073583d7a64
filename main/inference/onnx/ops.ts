// Model-independent building blocks on top of GraphBuilder: stored weights (fp32, fp16 cast at
// load, int4 through com.microsoft.MatMulNBits) in the graph's activation type, LayerNorm,
// RMSNorm, exact GELU, SiLU, rotary embedding (half-split) and multi-head attention from
// primitive ops.
import type { TensorEntry } from '../package/manifest'
import type { GraphBuilder } from './graph-builder'
import { attr } from './graph-builder'

/** Looks stored tensors up by canonical name (the manifest's tensor index). */
export type TensorLookup = (name: string) => TensorEntry

/** Element type of a graph's activations: float32 everywhere, float16 on GPUs with shader-f16. */
export type ActivationType = 'float' | 'float16'

const CAST_TO = { float: 1, float16: 10 } as const

export class WeightGraph {
  private readonly declared = new Map<string, string>()

  constructor(
    readonly b: GraphBuilder,
    private readonly lookup: TensorLookup,
    /** Type that `linear` and `weight` produce (float16 weights are used as stored). */
    readonly activation: ActivationType = 'float'
  ) {}

  entry(name: string): TensorEntry {
    return this.lookup(name)
  }

  /** The stored bytes of a float tensor as declared (float32 or float16), declared once. */
  private stored(name: string): { value: string; dtype: 'float' | 'float16' } {
    const e = this.lookup(name)
    if (e.dtype === 'int4') throw new Error(`${name} is int4 and can only feed a linear layer`)
    const dtype = e.dtype === 'float16' ? 'float16' : 'float'
    if (!this.declared.has(`${name}#stored`)) {
      this.b.external(name, dtype, e.shape, { location: e.file, offset: e.offset, length: e.bytes })
      this.declared.set(`${name}#stored`, name)
    }
    return { value: name, dtype }
  }

  /** A stored tensor as a value of `type`; a Cast when stored otherwise (ORT folds it at load). */
  private typed(name: string, type: ActivationType): string {
    const key = `${name}#${type}`
    const cached = this.declared.get(key)
    if (cached !== undefined) return cached
    const { value: raw, dtype } = this.stored(name)
    const value = dtype === type ? raw : this.b.op('Cast', [raw], { to: attr.int(CAST_TO[type]) })
    this.declared.set(key, value)
    return value
  }

  /** A stored tensor as a float32 value (fp16 storage gets a Cast, folded by ORT at load). */
  float(name: string): string {
    return this.typed(name, 'float')
  }

  /** A stored tensor in the activation type. */
  weight(name: string): string {
    return this.typed(name, this.activation)
  }

  /** x[..., in] · W (+ bias). W is `${prefix}.weight`, the bias `${prefix}.bias` when given. */
  linear(x: string, prefix: string, withBias: boolean): string {
    const name = `${prefix}.weight`
    const e = this.lookup(name)
    let y: string
    if (e.dtype === 'int4') {
      const [n, k] = e.shape
      const blocks = this.lookup(`${name}.scales`).shape[1]
      const blockSize = (2 * e.bytes) / (n * blocks)
      const packed = this.b.external(name, 'uint8', [n, blocks, blockSize / 2], {
        location: e.file,
        offset: e.offset,
        length: e.bytes
      })
      y = this.b.op(
        'MatMulNBits',
        [x, packed, this.weight(`${name}.scales`)],
        {
          K: attr.int(k),
          N: attr.int(n),
          bits: attr.int(4),
          block_size: attr.int(blockSize),
          accuracy_level: attr.int(4)
        },
        { domain: 'com.microsoft' }
      )
    } else {
      y = this.b.op('MatMul', [x, this.weight(name)])
    }
    return withBias ? this.b.op('Add', [y, this.weight(`${prefix}.bias`)]) : y
  }

  layerNorm(x: string, prefix: string, eps: number): string {
    return this.b.op(
      'LayerNormalization',
      [x, this.float(`${prefix}.weight`), this.float(`${prefix}.bias`)],
      { axis: attr.int(-1), epsilon: attr.float(eps) }
    )
  }

  /** Qwen RMSNorm: x · rsqrt(mean(x²) + eps) · weight, in fp32. */
  rmsNorm(x: string, weightName: string, eps: number): string {
    const b = this.b
    const meanSquare = b.op('ReduceMean', [b.op('Mul', [x, x])], {
      axes: attr.ints([-1]),
      keepdims: attr.int(1)
    })
    const inv = b.op('Reciprocal', [
      b.op('Sqrt', [b.op('Add', [meanSquare, b.constFloat([eps], [])])])
    ])
    return b.op('Mul', [b.op('Mul', [x, inv]), this.float(weightName)])
  }
}

/** Exact (erf) GELU: 0.5 · x · (1 + erf(x / √2)). */
export function gelu(b: GraphBuilder, x: string): string {
  const erf = b.op('Erf', [b.op('Mul', [x, b.constFloat([Math.SQRT1_2], [])])])
  const onePlus = b.op('Add', [erf, b.constFloat([1], [])])
  return b.op('Mul', [b.op('Mul', [x, b.constFloat([0.5], [])]), onePlus])
}

export function silu(b: GraphBuilder, x: string): string {
  return b.op('Mul', [x, b.op('Sigmoid', [x])])
}

/** Splits the last axis into `parts` equal pieces. */
export function splitLast(b: GraphBuilder, x: string, sizes: readonly number[]): string[] {
  return b.opMulti(
    'Split',
    [x, b.constInt64(sizes)],
    { axis: attr.int(-1) },
    {
      outputs: sizes.length
    }
  )
}

/** [B,T,heads·hd] → [B,T,heads,hd] (B and T copied from the input). */
export function toHeads(b: GraphBuilder, x: string, heads: number, headDim: number): string {
  return b.op('Reshape', [x, b.constInt64([0, 0, heads, headDim])])
}

/** [B,T,heads,hd] → [B,T,heads·hd]. */
export function mergeHeads(b: GraphBuilder, x: string, width: number): string {
  return b.op('Reshape', [x, b.constInt64([0, 0, width])])
}

export function transpose(b: GraphBuilder, x: string, perm: readonly number[]): string {
  return b.op('Transpose', [x], { perm: attr.ints(perm) })
}

/**
 * Scaled dot-product attention. q [B,heads,Tq,hd], kT [B,heads,hd,Tk], v [B,heads,Tk,hd];
 * `bias` is added to the scores when given. Returns [B,Tq,heads,hd].
 */
export function attentionCore(
  b: GraphBuilder,
  q: string,
  kT: string,
  v: string,
  scale: number,
  bias?: string
): string {
  const scaled = b.op('Mul', [q, b.constFloat([scale], [])])
  let scores = b.op('MatMul', [scaled, kT])
  if (bias !== undefined) scores = b.op('Add', [scores, bias])
  const probs = b.op('Softmax', [scores], { axis: attr.int(-1) })
  return transpose(b, b.op('MatMul', [probs, v]), [0, 2, 1, 3])
}

/** Full bidirectional multi-head attention over [B,T,W] inputs; returns [B,Tq,W]. */
export function multiHeadAttention(
  b: GraphBuilder,
  q: string,
  k: string,
  v: string,
  heads: number,
  width: number
): string {
  const hd = width / heads
  const qh = transpose(b, toHeads(b, q, heads, hd), [0, 2, 1, 3])
  const kT = transpose(b, toHeads(b, k, heads, hd), [0, 2, 3, 1])
  const vh = transpose(b, toHeads(b, v, heads, hd), [0, 2, 1, 3])
  return mergeHeads(b, attentionCore(b, qh, kT, vh, 1 / Math.sqrt(hd)), width)
}

/** GPT-NeoX rotary on x [B,T,heads,hd] with cos/sin already shaped [1,T,1,hd]. */
export function rotary(
  b: GraphBuilder,
  x: string,
  cos: string,
  sin: string,
  headDim: number
): string {
  const [lo, hi] = splitLast(b, x, [headDim / 2, headDim / 2])
  const rotated = b.op('Concat', [b.op('Neg', [hi]), lo], { axis: attr.int(-1) })
  return b.op('Add', [b.op('Mul', [x, cos]), b.op('Mul', [rotated, sin])])
}
