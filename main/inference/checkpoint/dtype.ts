// Element types of checkpoint storages: byte sizes, name mapping for torch and safetensors, and
// exact widening of raw little-endian bytes to float32/float64 (and narrowing for the writers).
import type { StorageDtype } from './types'

export const dtypeBytes: Readonly<Record<StorageDtype, number>> = {
  float32: 4,
  float16: 2,
  bfloat16: 2,
  float64: 8,
  int64: 8,
  int32: 4,
  uint8: 1,
  bool: 1
}

let halfTable: Float32Array | undefined

/** All 65536 fp16 bit patterns widened to float32 (exact), built once on first use. */
function halfToFloatTable(): Float32Array {
  if (halfTable) return halfTable
  const table = new Float32Array(65536)
  for (let bits = 0; bits < 65536; bits++) {
    const sign = bits & 0x8000 ? -1 : 1
    const exponent = (bits >> 10) & 0x1f
    const mantissa = bits & 0x3ff
    if (exponent === 0) table[bits] = sign * mantissa * 2 ** -24
    else if (exponent === 31) table[bits] = mantissa === 0 ? sign * Infinity : NaN
    else table[bits] = sign * (1 + mantissa / 1024) * 2 ** (exponent - 15)
  }
  halfTable = table
  return table
}

/** Widens `count` elements of little-endian storage bytes (starting at byte 0) to numbers. */
function decodeInto(
  bytes: Uint8Array,
  dtype: StorageDtype,
  count: number,
  out: Float32Array | Float64Array
): void {
  // Typed views need an element-aligned start; copy only when the caller's slice is not.
  const size = dtypeBytes[dtype]
  const source = bytes.byteOffset % size === 0 ? bytes : bytes.slice(0, count * size)
  const view = source.buffer
  const base = source.byteOffset
  switch (dtype) {
    case 'float32':
      out.set(new Float32Array(view, base, count))
      return
    case 'float64':
      out.set(new Float64Array(view, base, count))
      return
    case 'float16': {
      const table = halfToFloatTable()
      const halves = new Uint16Array(view, base, count)
      for (let i = 0; i < count; i++) out[i] = table[halves[i]]
      return
    }
    case 'bfloat16': {
      const halves = new Uint16Array(view, base, count)
      const widened = new Uint32Array(count)
      for (let i = 0; i < count; i++) widened[i] = halves[i] << 16
      out.set(new Float32Array(widened.buffer))
      return
    }
    case 'int64': {
      const longs = new BigInt64Array(view, base, count)
      for (let i = 0; i < count; i++) out[i] = Number(longs[i])
      return
    }
    case 'int32':
      out.set(new Int32Array(view, base, count))
      return
    case 'uint8':
    case 'bool':
      out.set(source.subarray(0, count))
      return
  }
}

export function decodeFloat32(bytes: Uint8Array, dtype: StorageDtype, count: number): Float32Array {
  const out = new Float32Array(count)
  decodeInto(bytes, dtype, count, out)
  return out
}

export function decodeFloat64(bytes: Uint8Array, dtype: StorageDtype, count: number): Float64Array {
  const out = new Float64Array(count)
  decodeInto(bytes, dtype, count, out)
  return out
}

const scratch = new DataView(new ArrayBuffer(8))

/** Rounds a number to bf16 (round to nearest even), returning the 16 bit pattern. */
export function toBfloat16Bits(value: number): number {
  scratch.setFloat32(0, value, true)
  const bits = scratch.getUint32(0, true)
  if (Number.isNaN(value)) return 0x7fc0
  const rounded = bits + 0x7fff + ((bits >>> 16) & 1)
  return (rounded >>> 16) & 0xffff
}

/** Rounds a number to IEEE fp16 (round to nearest even), returning the 16 bit pattern. */
export function toFloat16Bits(value: number): number {
  if (Number.isNaN(value)) return 0x7e00
  const sign = value < 0 || Object.is(value, -0) ? 0x8000 : 0
  const magnitude = Math.abs(value)
  if (magnitude >= 65520) return sign | 0x7c00
  if (magnitude < 2 ** -14) {
    // Subnormal: units of 2^-24, ties to even.
    return sign | roundHalfEven(magnitude * 2 ** 24)
  }
  let exponent = Math.floor(Math.log2(magnitude))
  if (2 ** exponent > magnitude) exponent -= 1
  if (2 ** (exponent + 1) <= magnitude) exponent += 1
  let mantissa = roundHalfEven((magnitude / 2 ** exponent - 1) * 1024)
  if (mantissa === 1024) {
    mantissa = 0
    exponent += 1
  }
  if (exponent > 15) return sign | 0x7c00
  return sign | ((exponent + 15) << 10) | mantissa
}

function roundHalfEven(x: number): number {
  const floor = Math.floor(x)
  const rest = x - floor
  if (rest > 0.5) return floor + 1
  if (rest < 0.5) return floor
  return floor % 2 === 0 ? floor : floor + 1
}

/** Encodes numbers into little-endian storage bytes of the given float dtype. */
export function encodeFloats(values: ArrayLike<number>, dtype: StorageDtype): Uint8Array {
  const count = values.length
  switch (dtype) {
    case 'float32':
      return new Uint8Array(Float32Array.from(values).buffer)
    case 'float64':
      return new Uint8Array(Float64Array.from(values).buffer)
    case 'float16': {
      const out = new Uint16Array(count)
      for (let i = 0; i < count; i++) out[i] = toFloat16Bits(values[i])
      return new Uint8Array(out.buffer)
    }
    case 'bfloat16': {
      // Same rounding as toBfloat16Bits, on whole arrays (the test-model tables are large).
      const bits = new Uint32Array(Float32Array.from(values).buffer)
      const out = new Uint16Array(count)
      for (let i = 0; i < count; i++) {
        const b = bits[i]
        out[i] = (b & 0x7fffffff) > 0x7f800000 ? 0x7fc0 : (b + 0x7fff + ((b >>> 16) & 1)) >>> 16
      }
      return new Uint8Array(out.buffer)
    }
    case 'int64': {
      const out = new BigInt64Array(count)
      for (let i = 0; i < count; i++) out[i] = BigInt(Math.trunc(values[i]))
      return new Uint8Array(out.buffer)
    }
    case 'int32':
      return new Uint8Array(Int32Array.from(values).buffer)
    case 'uint8':
    case 'bool':
      return Uint8Array.from(values)
  }
}

export function elementCount(shape: readonly number[]): number {
  let count = 1
  for (const size of shape) count *= size
  return count
}
