// Small imperative builder for ONNX graphs (opset 17 + com.microsoft 1): declare inputs,
// initializers (inline or external data) and nodes, then serialise to ModelProto bytes.
// It knows nothing about the model; the vision and decoder graph modules drive it.
import { ATTRIBUTE_TYPE, ModelProto, ONNX_DTYPE, type OnnxDtypeName } from './onnx-proto'

export type Dim = number | string

export type AttributeValue =
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'ints'; value: readonly number[] }
  | { kind: 'floats'; value: readonly number[] }
  | { kind: 'string'; value: string }

export const attr = {
  int: (value: number): AttributeValue => ({ kind: 'int', value }),
  float: (value: number): AttributeValue => ({ kind: 'float', value }),
  ints: (value: readonly number[]): AttributeValue => ({ kind: 'ints', value }),
  floats: (value: readonly number[]): AttributeValue => ({ kind: 'floats', value }),
  string: (value: string): AttributeValue => ({ kind: 'string', value })
}

/** Where an initializer's bytes sit, relative to the folder the .onnx file is loaded from. */
export interface ExternalLocation {
  location: string
  offset: number
  length: number
}

export interface OpOptions {
  domain?: string
  /** Number of outputs (default 1). */
  outputs?: number
  /** Exact output names (for graph outputs); '' leaves an optional output out. */
  names?: readonly string[]
}

interface ValueInfo {
  name: string
  type: { tensorType: { elemType: number; shape: { dim: object[] } } }
}

function valueInfo(name: string, dtype: OnnxDtypeName, dims: readonly Dim[]): ValueInfo {
  const dim = dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }))
  return { name, type: { tensorType: { elemType: ONNX_DTYPE[dtype], shape: { dim } } } }
}

function encodeAttribute(name: string, a: AttributeValue): object {
  switch (a.kind) {
    case 'int':
      return { name, type: ATTRIBUTE_TYPE.int, i: a.value }
    case 'float':
      return { name, type: ATTRIBUTE_TYPE.float, f: a.value }
    case 'ints':
      return { name, type: ATTRIBUTE_TYPE.ints, ints: [...a.value] }
    case 'floats':
      return { name, type: ATTRIBUTE_TYPE.floats, floats: [...a.value] }
    case 'string':
      return { name, type: ATTRIBUTE_TYPE.string, s: new TextEncoder().encode(a.value) }
  }
}

export class GraphBuilder {
  private readonly nodes: object[] = []
  private readonly inputs: ValueInfo[] = []
  private readonly outputs: ValueInfo[] = []
  private readonly initializers: object[] = []
  private readonly usedNames = new Set<string>()
  private counter = 0
  private readonly constCache = new Map<string, string>()

  constructor(private readonly name: string) {}

  /** A fresh value name with a readable prefix. */
  fresh(prefix: string): string {
    let candidate = `${prefix}_${this.counter++}`
    while (this.usedNames.has(candidate)) candidate = `${prefix}_${this.counter++}`
    this.usedNames.add(candidate)
    return candidate
  }

  private claim(name: string): string {
    if (this.usedNames.has(name)) throw new Error(`graph value ${name} declared twice`)
    this.usedNames.add(name)
    return name
  }

  input(name: string, dtype: OnnxDtypeName, dims: readonly Dim[]): string {
    this.inputs.push(valueInfo(this.claim(name), dtype, dims))
    return name
  }

  /** Declares `value` as a graph output named `name` (adds an Identity when names differ). */
  output(value: string, name: string, dtype: OnnxDtypeName, dims: readonly Dim[]): void {
    if (value !== name) this.op('Identity', [value], {}, { names: [name] })
    this.outputs.push(valueInfo(name, dtype, dims))
  }

  external(
    name: string,
    dtype: OnnxDtypeName,
    dims: readonly number[],
    where: ExternalLocation
  ): string {
    this.initializers.push({
      name: this.claim(name),
      dataType: ONNX_DTYPE[dtype],
      dims: [...dims],
      dataLocation: 1,
      externalData: [
        { key: 'location', value: where.location },
        { key: 'offset', value: String(where.offset) },
        { key: 'length', value: String(where.length) }
      ]
    })
    return name
  }

  /** Inline float32 constant, deduplicated by value. */
  constFloat(values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.inline('float', new Uint8Array(Float32Array.from(values).buffer), values, dims)
  }

  /** Inline int64 constant (shapes, axes, indices), deduplicated by value. */
  constInt64(values: readonly number[], dims: readonly number[] = [values.length]): string {
    const raw = new Uint8Array(BigInt64Array.from(values.map((v) => BigInt(v))).buffer)
    return this.inline('int64', raw, values, dims)
  }

  /** Inline raw-data initializer (small tensors only). */
  inlineRaw(
    prefix: string,
    dtype: OnnxDtypeName,
    raw: Uint8Array,
    dims: readonly number[]
  ): string {
    const name = this.fresh(prefix)
    this.initializers.push({ name, dataType: ONNX_DTYPE[dtype], dims: [...dims], rawData: raw })
    return name
  }

  private inline(
    dtype: OnnxDtypeName,
    raw: Uint8Array,
    values: readonly number[],
    dims: readonly number[]
  ): string {
    const key = `${dtype}:${dims.join('x')}:${values.join(',')}`
    const cached = this.constCache.get(key)
    if (cached !== undefined) return cached
    const name = this.inlineRaw('const', dtype, raw, dims)
    this.constCache.set(key, name)
    return name
  }

  /** Adds one node and returns its first output name. */
  op(
    opType: string,
    inputs: readonly string[],
    attributes: Record<string, AttributeValue> = {},
    options: OpOptions = {}
  ): string {
    return this.opMulti(opType, inputs, attributes, options)[0]
  }

  opMulti(
    opType: string,
    inputs: readonly string[],
    attributes: Record<string, AttributeValue> = {},
    options: OpOptions = {}
  ): string[] {
    const outputs = options.names
      ? options.names.map((n) => (n === '' ? n : this.claim(n)))
      : Array.from({ length: options.outputs ?? 1 }, () => this.fresh(opType.toLowerCase()))
    this.nodes.push({
      input: [...inputs],
      output: outputs,
      name: this.fresh(`node_${opType}`),
      opType,
      domain: options.domain ?? '',
      attribute: Object.entries(attributes).map(([n, a]) => encodeAttribute(n, a))
    })
    return outputs
  }

  toBytes(): Uint8Array {
    const model = ModelProto.create({
      irVersion: 8,
      producerName: 'mpp-desktop',
      producerVersion: '1',
      opsetImport: [
        { domain: '', version: 17 },
        { domain: 'com.microsoft', version: 1 }
      ],
      graph: {
        name: this.name,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs
      }
    })
    return ModelProto.encode(model).finish()
  }
}
