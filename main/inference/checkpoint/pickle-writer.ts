// Protocol-2 pickle of a torch state dict, emitted the way torch.save's pickler does:
// an OrderedDict of _rebuild_tensor_v2 calls over persistent-id storages ('storage', torch.<Type>
// Storage, key, 'cpu', numel), optionally wrapped as {"model": state_dict}.
import type { StorageDtype } from './types'

const STORAGE_NAMES: Readonly<Record<StorageDtype, string>> = {
  float32: 'FloatStorage',
  float16: 'HalfStorage',
  bfloat16: 'BFloat16Storage',
  float64: 'DoubleStorage',
  int64: 'LongStorage',
  int32: 'IntStorage',
  uint8: 'ByteStorage',
  bool: 'BoolStorage'
}

export interface PickledTensor {
  readonly name: string
  readonly dtype: StorageDtype
  readonly shape: readonly number[]
  readonly storageKey: string
  readonly storageNumel: number
  readonly storageOffset: number
  readonly stride: readonly number[]
}

class OpcodeBuffer {
  private readonly parts: number[] = []
  byte(...values: number[]): this {
    this.parts.push(...values)
    return this
  }
  uint32(value: number): this {
    return this.byte(
      value & 0xff,
      (value >>> 8) & 0xff,
      (value >>> 16) & 0xff,
      (value >>> 24) & 0xff
    )
  }
  unicode(text: string): this {
    const bytes = new TextEncoder().encode(text)
    this.byte(0x58).uint32(bytes.length) // BINUNICODE
    for (const b of bytes) this.parts.push(b)
    return this
  }
  global(module: string, name: string): this {
    this.byte(0x63) // GLOBAL
    for (const c of `${module}\n${name}\n`) this.parts.push(c.charCodeAt(0))
    return this
  }
  int(value: number): this {
    if (value >= 0 && value < 256) return this.byte(0x4b, value) // BININT1
    if (value >= 0 && value < 65536) return this.byte(0x4d, value & 0xff, value >> 8) // BININT2
    if (value >= -(2 ** 31) && value < 2 ** 31) return this.byte(0x4a).uint32(value >>> 0) // BININT
    // LONG1: minimal two's complement little-endian bytes
    const bytes: number[] = []
    let rest = BigInt(value)
    while (rest !== 0n && rest !== -1n) {
      bytes.push(Number(rest & 0xffn))
      rest >>= 8n
    }
    const negative = value < 0
    if ((bytes[bytes.length - 1] & 0x80) !== (negative ? 0x80 : 0)) bytes.push(negative ? 0xff : 0)
    return this.byte(0x8a, bytes.length, ...bytes)
  }
  tuple(values: readonly number[]): this {
    if (values.length === 0) return this.byte(0x29) // EMPTY_TUPLE
    if (values.length > 3) this.byte(0x28) // MARK
    for (const v of values) this.int(v)
    return this.byte(values.length > 3 ? 0x74 : 0x84 + values.length) // TUPLE or TUPLE1..3
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.parts)
  }
}

export function pickleStateDict(
  tensors: readonly PickledTensor[],
  wrapInModel: boolean
): Uint8Array {
  const out = new OpcodeBuffer().byte(0x80, 2) // PROTO 2
  if (wrapInModel) out.byte(0x7d).unicode('model') // EMPTY_DICT, key
  out.global('collections', 'OrderedDict').byte(0x29, 0x52) // EMPTY_TUPLE REDUCE
  for (let start = 0; start < tensors.length; start += 1000) {
    out.byte(0x28) // MARK: SETITEMS batches of at most 1000, like CPython
    for (const tensor of tensors.slice(start, start + 1000)) {
      out.unicode(tensor.name)
      out.global('torch._utils', '_rebuild_tensor_v2')
      out.byte(0x28) // MARK: the six rebuild arguments
      out.byte(0x28).unicode('storage').global('torch', STORAGE_NAMES[tensor.dtype])
      out.unicode(tensor.storageKey).unicode('cpu').int(tensor.storageNumel).byte(0x74, 0x51) // TUPLE BINPERSID
      out.int(tensor.storageOffset).tuple(tensor.shape).tuple(tensor.stride)
      out.byte(0x89) // NEWFALSE: requires_grad
      out.global('collections', 'OrderedDict').byte(0x29, 0x52) // backward hooks
      out.byte(0x74, 0x52) // TUPLE REDUCE
    }
    out.byte(0x75) // SETITEMS
  }
  if (wrapInModel) out.byte(0x73) // SETITEM
  return out.byte(0x2e).bytes() // STOP
}
