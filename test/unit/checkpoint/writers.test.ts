// Writers round-trip through the readers; rounding to fp16/bf16 is checked against hand-computed
// bit patterns, and the .pth archive layout against torch.save's (names, 64-byte aligned data).
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  encodeFloats,
  toBfloat16Bits,
  toFloat16Bits
} from '../../../main/inference/checkpoint/dtype'
import { openCheckpoint } from '../../../main/inference/checkpoint/open-checkpoint'
import { writePth, type TensorToWrite } from '../../../main/inference/checkpoint/pth-writer'
import {
  writeSafetensors,
  writeShardedSafetensors
} from '../../../main/inference/checkpoint/safetensors-writer'
import type { StorageDtype } from '../../../main/inference/checkpoint/types'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mpp-writers-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

function tensor(
  name: string,
  dtype: StorageDtype,
  shape: number[],
  values: number[]
): TensorToWrite {
  // Two chunks, so chunked streaming is exercised.
  const cut = Math.floor(values.length / 2)
  return { name, dtype, shape, chunks: () => [values.slice(0, cut), values.slice(cut)] }
}

const third = 1 / 3
const tensors = [
  tensor('a.weight', 'float32', [2, 3], [1, -2, 0.1, third, 1e-30, 65536]),
  tensor('b.bf16', 'bfloat16', [3], [third, -1.5, 1 + 2 ** -8 + 2 ** -10]),
  tensor('c.fp16', 'float16', [2, 2], [third, 65504, -(2 ** -24), 0.1]),
  tensor('d.f64', 'float64', [1], [Math.E])
]
// Hand-computed: 1/3 in bf16 is 0x3EAB = 0.333984375; 1 + 2^-8 + 2^-10 lies above the midpoint of
// 0x3F80 and 0x3F81 so it becomes 1.0078125; 1/3 in fp16 is 0x3555 = 0.333251953125; 0.1 in fp16
// is 0x2E66 = 0.0999755859375.
const expected: Record<string, number[]> = {
  'a.weight': [1, -2, Math.fround(0.1), Math.fround(third), Math.fround(1e-30), 65536],
  'b.bf16': [0.333984375, -1.5, 1.0078125],
  'c.fp16': [0.333251953125, 65504, -(2 ** -24), 0.0999755859375],
  'd.f64': [Math.E]
}

describe('fp16 / bf16 rounding', () => {
  test('bf16 rounds to nearest even on the top 16 bits of float32', () => {
    expect(toBfloat16Bits(1)).toBe(0x3f80)
    expect(toBfloat16Bits(third)).toBe(0x3eab)
    expect(toBfloat16Bits(-1.5)).toBe(0xbfc0)
    // 1 + 2^-8 sits exactly between 0x3F80 and 0x3F81: ties to even (0x3F80)
    expect(toBfloat16Bits(1 + 2 ** -8)).toBe(0x3f80)
    // 1 + 3*2^-8 sits between 0x3F81 and 0x3F82: ties to even (0x3F82)
    expect(toBfloat16Bits(1 + 3 * 2 ** -8)).toBe(0x3f82)
  })

  test('fp16 handles normals, subnormals, ties and overflow', () => {
    expect(toFloat16Bits(1)).toBe(0x3c00)
    expect(toFloat16Bits(-2)).toBe(0xc000)
    expect(toFloat16Bits(third)).toBe(0x3555)
    expect(toFloat16Bits(0.1)).toBe(0x2e66)
    expect(toFloat16Bits(65504)).toBe(0x7bff)
    expect(toFloat16Bits(65520)).toBe(0x7c00)
    expect(toFloat16Bits(2 ** -24)).toBe(0x0001)
    expect(toFloat16Bits(2 ** -25)).toBe(0x0000) // tie between 0 and the smallest subnormal
    expect(toFloat16Bits(3 * 2 ** -25)).toBe(0x0002) // tie between 1 and 2 units: even
    expect(toFloat16Bits(2 ** -14)).toBe(0x0400) // smallest normal
    expect(toFloat16Bits(1 + 2 ** -11)).toBe(0x3c00) // tie: even mantissa
    expect(toFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02)
  })
})

async function readAll(
  path: string
): Promise<Record<string, { dtype: string; shape: readonly number[]; values: number[] }>> {
  const reader = await openCheckpoint(path)
  try {
    const out: Record<string, { dtype: string; shape: readonly number[]; values: number[] }> = {}
    for (const info of reader.list()) {
      out[info.name] = {
        dtype: info.dtype,
        shape: info.shape,
        values: Array.from(await reader.readFloat64(info.name))
      }
    }
    return out
  } finally {
    await reader.close()
  }
}

function checkRoundTrip(read: Awaited<ReturnType<typeof readAll>>): void {
  expect(Object.keys(read)).toEqual(tensors.map((t) => t.name))
  for (const t of tensors) {
    expect(read[t.name].dtype).toBe(t.dtype)
    expect(read[t.name].shape).toEqual(t.shape)
  }
  expect(read['a.weight'].values).toEqual(expected['a.weight'])
  expect(read['b.bf16'].values).toEqual(expected['b.bf16'])
  expect(read['c.fp16'].values).toEqual(expected['c.fp16'])
  expect(read['d.f64'].values).toEqual(expected['d.f64'])
}

describe('round trips', () => {
  test('.pth with and without the "model" wrapper', async () => {
    for (const wrapInModel of [false, true]) {
      const path = join(dir, `state${wrapInModel ? '-wrapped' : ''}.pth`)
      await writePth(path, tensors, { wrapInModel })
      checkRoundTrip(await readAll(path))
    }
  })

  test('.pth archive layout matches torch.save: stem/data.pkl first, byteorder, data/N, version, 64-byte aligned', async () => {
    const path = join(dir, 'layout.pth')
    await writePth(path, tensors)
    const bytes = await readFile(path)
    const names: string[] = []
    for (let at = 0; bytes.readUInt32LE(at) === 0x04034b50;) {
      const nameLength = bytes.readUInt16LE(at + 26)
      const extraLength = bytes.readUInt16LE(at + 28)
      const size = bytes.readUInt32LE(at + 18)
      const dataStart = at + 30 + nameLength + extraLength
      names.push(bytes.toString('utf8', at + 30, at + 30 + nameLength))
      expect(dataStart % 64).toBe(0)
      expect(bytes.readUInt16LE(at + 8)).toBe(0) // stored
      at = dataStart + size
    }
    expect(names).toEqual([
      'layout/data.pkl',
      'layout/byteorder',
      'layout/data/0',
      'layout/data/1',
      'layout/data/2',
      'layout/data/3',
      'layout/version'
    ])
  })

  test('single .safetensors', async () => {
    const path = join(dir, 'single.safetensors')
    await writeSafetensors(path, tensors)
    const bytes = await readFile(path)
    expect((8 + Number(bytes.readBigUInt64LE(0))) % 8).toBe(0)
    checkRoundTrip(await readAll(path))
  })

  test('sharded .safetensors with an index', async () => {
    const folder = await mkdtemp(join(dir, 'sharded-'))
    const names = await writeShardedSafetensors(folder, tensors, 20)
    expect(names.length).toBeGreaterThan(1)
    expect((await readdir(folder)).sort()).toEqual(
      [...names, 'model.safetensors.index.json'].sort()
    )
    const index = JSON.parse(
      await readFile(join(folder, 'model.safetensors.index.json'), 'utf8')
    ) as { weight_map: Record<string, string> }
    expect(Object.keys(index.weight_map).sort()).toEqual(tensors.map((t) => t.name).sort())
    const read = await readAll(folder)
    const reader = await openCheckpoint(folder)
    try {
      expect(Array.from((await reader.readRowsFloat32?.('a.weight', 1, 1)) ?? [])).toEqual(
        expected['a.weight'].slice(3)
      )
    } finally {
      await reader.close()
    }
    expect(read['c.fp16'].values).toEqual(expected['c.fp16'])
    expect(read['a.weight'].values).toEqual(expected['a.weight'])
  })
})

describe('sharded torch .bin folders', () => {
  test('pytorch_model.bin.index.json over .pth shards', async () => {
    const folder = await mkdtemp(join(dir, 'bin-'))
    await writePth(join(folder, 'pytorch_model-00001-of-00002.bin'), tensors.slice(0, 2))
    await writePth(join(folder, 'pytorch_model-00002-of-00002.bin'), tensors.slice(2))
    const weightMap = Object.fromEntries(
      tensors.map((t, i) => [t.name, `pytorch_model-0000${i < 2 ? 1 : 2}-of-00002.bin`])
    )
    await writeFile(
      join(folder, 'pytorch_model.bin.index.json'),
      JSON.stringify({ weight_map: weightMap })
    )
    checkRoundTrip(await readAll(folder))
  })
})

describe('hand-made safetensors', () => {
  test('a header written by hand decodes to the known values', async () => {
    const header = JSON.stringify({
      __metadata__: { format: 'pt' },
      x: { dtype: 'BF16', shape: [2], data_offsets: [0, 4] },
      y: { dtype: 'F16', shape: [1, 2], data_offsets: [4, 8] }
    })
    const prefix = Buffer.alloc(8)
    prefix.writeBigUInt64LE(BigInt(header.length))
    const data = Buffer.from([0x80, 0x3f, 0x40, 0xc0, 0x00, 0x3c, 0x55, 0x35])
    const path = join(dir, 'hand.safetensors')
    await writeFile(path, Buffer.concat([prefix, Buffer.from(header), data]))
    const read = await readAll(path)
    expect(read.x).toEqual({ dtype: 'bfloat16', shape: [2], values: [1, -3] })
    expect(read.y).toEqual({ dtype: 'float16', shape: [1, 2], values: [1, 0.333251953125] })
  })
})

describe('bulk encoding', () => {
  test('bf16 array encoding agrees with the scalar rounding on awkward values', () => {
    const values = [
      0,
      -0,
      1,
      third,
      1 + 2 ** -8,
      1 + 3 * 2 ** -8,
      -65504.123,
      3.4e38,
      -Infinity,
      NaN,
      1e-40
    ]
    const bytes = encodeFloats(values, 'bfloat16')
    const halves = new Uint16Array(bytes.buffer, bytes.byteOffset, values.length)
    expect(Array.from(halves)).toEqual(values.map((v) => toBfloat16Bits(v)))
    expect(halves[5]).toBe(0x3f82)
  })
})
