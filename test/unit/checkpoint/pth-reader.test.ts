// The .pth reader against a checkpoint assembled byte by byte here (hand-written pickle opcodes
// and a hand-built zip), with known bf16/fp16 bit patterns, a transposed view, a shared storage
// with an offset, a Parameter-wrapped 0-d tensor and non-tensor top-level entries.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openCheckpoint } from '../../../main/inference/checkpoint/open-checkpoint'
import { HandPickle, handZip, handZip64 } from '../../helpers/hand-zip'

const PROTO = 0x80
const EMPTY_DICT = 0x7d
const MARK = 0x28
const BINPUT = 0x71
const BINGET = 0x68
const LONG_BINPUT = 0x72
const LONG_BINGET = 0x6a
const EMPTY_TUPLE = 0x29
const REDUCE = 0x52
const TUPLE = 0x74
const TUPLE1 = 0x85
const TUPLE2 = 0x86
const BINPERSID = 0x51
const NEWFALSE = 0x89
const NEWTRUE = 0x88
const BININT1 = 0x4b
const SETITEMS = 0x75
const SETITEM = 0x73
const BUILD = 0x62
const STOP = 0x2e
const LONG1 = 0x8a
const BINFLOAT = 0x47
const SHORT_BINSTRING = 0x55

/** ('storage', torch.<type>, key, 'cpu', numel) then BINPERSID. */
function storage(p: HandPickle, type: string, key: string, numel: number): HandPickle {
  return p
    .raw(MARK)
    .str('storage')
    .global('torch', type)
    .str(key)
    .str('cpu')
    .raw(BININT1, numel, TUPLE, BINPERSID)
}

/** Empty OrderedDict via the memoized global in slot 1. */
const emptyHooks = [BINGET, 1, EMPTY_TUPLE, REDUCE]

function handPickle(): Uint8Array {
  const p = new HandPickle().raw(PROTO, 2, EMPTY_DICT, BINPUT, 0, MARK)
  p.str('model').global('collections', 'OrderedDict').raw(BINPUT, 1, EMPTY_TUPLE, REDUCE, BINPUT, 2)
  p.raw(MARK)
  // w.bf16: 3 elements, contiguous
  p.str('w.bf16').global('torch._utils', '_rebuild_tensor_v2').raw(BINPUT, 3, MARK)
  storage(p, 'BFloat16Storage', '0', 3)
  p.raw(BININT1, 0, BININT1, 3, TUPLE1, BININT1, 1, TUPLE1, NEWFALSE, ...emptyHooks, TUPLE, REDUCE)
  // h.fp16: 2x2
  p.str('h.fp16').raw(BINGET, 3, MARK)
  storage(p, 'HalfStorage', '1', 4)
  p.raw(BININT1, 0, BININT1, 2, BININT1, 2, TUPLE2, BININT1, 2, BININT1, 1, TUPLE2)
  p.raw(NEWFALSE, ...emptyHooks, TUPLE, REDUCE)
  // t.transposed: storage [0..5] seen as shape (3,2) with stride (1,3); storage memoized in slot 10
  p.shortStr('t.transposed').raw(BINGET, 3, MARK)
  storage(p, 'FloatStorage', '2', 6).raw(LONG_BINPUT, 10, 0, 0, 0)
  p.raw(BININT1, 0, BININT1, 3, BININT1, 2, TUPLE2, BININT1, 1, BININT1, 3, TUPLE2)
  p.raw(NEWFALSE, ...emptyHooks, TUPLE, REDUCE)
  // shared.tail: the same storage from offset 4, shape (2,)
  p.str('shared.tail').raw(BINGET, 3, MARK, LONG_BINGET, 10, 0, 0, 0)
  p.raw(BININT1, 4, BININT1, 2, TUPLE1, BININT1, 1, TUPLE1, NEWFALSE, ...emptyHooks, TUPLE, REDUCE)
  // scalar: a 0-d double wrapped in torch._utils._rebuild_parameter(tensor, True, OrderedDict())
  p.str('scalar').global('torch._utils', '_rebuild_parameter').raw(MARK, BINGET, 3, MARK)
  storage(p, 'DoubleStorage', '3', 1)
  p.raw(BININT1, 0, EMPTY_TUPLE, EMPTY_TUPLE, NEWFALSE, ...emptyHooks, TUPLE, REDUCE)
  p.raw(NEWTRUE, ...emptyHooks, TUPLE, REDUCE)
  p.raw(SETITEMS)
  // state dicts carry a _metadata attribute, restored with BUILD
  p.raw(EMPTY_DICT).str('_metadata').raw(EMPTY_DICT, SETITEM, BUILD)
  p.str('epoch').raw(LONG1, 2, 0xe8, 0x03)
  p.str('lr').raw(BINFLOAT, 0x3f, 0xe0, 0, 0, 0, 0, 0, 0)
  p.str('note').raw(SHORT_BINSTRING, 3, 0x61, 0x62, 0x63)
  return p.raw(SETITEMS, STOP).bytes()
}

function u16le(values: number[]): Uint8Array {
  const out = Buffer.alloc(values.length * 2)
  values.forEach((v, i) => out.writeUInt16LE(v, i * 2))
  return out
}

function handCheckpoint(zip = handZip): Uint8Array {
  const pickle = handPickle()
  const floats = Buffer.alloc(24)
  for (let i = 0; i < 6; i++) floats.writeFloatLE(i, i * 4)
  const pi = Buffer.alloc(8)
  pi.writeDoubleLE(Math.PI, 0)
  return zip([
    ['archive/data.pkl', pickle],
    ['archive/byteorder', Buffer.from('little')],
    ['archive/data/0', u16le([0x3f80, 0xc040, 0x0001])],
    ['archive/data/1', u16le([0x3c00, 0xc000, 0x3555, 0x0001])],
    ['archive/data/2', floats],
    ['archive/data/3', pi],
    ['archive/version', Buffer.from('3\n')]
  ])
}

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mpp-pth-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('pth reader on a hand-assembled checkpoint', () => {
  test('lists the tensors of the "model" entry in file order with their dtypes and shapes', async () => {
    const path = join(dir, 'hand.pth')
    await writeFile(path, handCheckpoint())
    const reader = await openCheckpoint(path)
    try {
      expect(reader.list().map((t) => [t.name, t.dtype, t.shape])).toEqual([
        ['w.bf16', 'bfloat16', [3]],
        ['h.fp16', 'float16', [2, 2]],
        ['t.transposed', 'float32', [3, 2]],
        ['shared.tail', 'float32', [2]],
        ['scalar', 'float64', []]
      ])
      expect(reader.has('epoch')).toBe(false)
    } finally {
      await reader.close()
    }
  })

  test('decodes bf16 and fp16 bit patterns exactly, including subnormals', async () => {
    const path = join(dir, 'hand.pth')
    await writeFile(path, handCheckpoint())
    const reader = await openCheckpoint(path)
    try {
      expect(Array.from(await reader.readFloat32('w.bf16'))).toEqual([1, -3, 2 ** -133])
      expect(Array.from(await reader.readFloat64('h.fp16'))).toEqual([
        1,
        -2,
        0.333251953125,
        2 ** -24
      ])
    } finally {
      await reader.close()
    }
  })

  test('follows strides, storage offsets and shared storages', async () => {
    const path = join(dir, 'hand.pth')
    await writeFile(path, handCheckpoint())
    const reader = await openCheckpoint(path)
    try {
      expect(Array.from(await reader.readFloat32('t.transposed'))).toEqual([0, 3, 1, 4, 2, 5])
      expect(Array.from(await reader.readFloat32('shared.tail'))).toEqual([4, 5])
      expect(Array.from(await reader.readFloat64('scalar'))).toEqual([Math.PI])
      expect(Array.from(await reader.readFloat32('scalar'))).toEqual([Math.fround(Math.PI)])
    } finally {
      await reader.close()
    }
  })

  test('reads the same archive written with zip64 records (as the 15 GB SFT file needs)', async () => {
    const path = join(dir, 'hand64.pth')
    await writeFile(path, handCheckpoint(handZip64))
    const reader = await openCheckpoint(path)
    try {
      expect(reader.list()).toHaveLength(5)
      expect(Array.from(await reader.readFloat32('t.transposed'))).toEqual([0, 3, 1, 4, 2, 5])
      expect(Array.from(await reader.readFloat32('w.bf16'))).toEqual([1, -3, 2 ** -133])
    } finally {
      await reader.close()
    }
  })

  test('reads row slices of strided and contiguous tensors, refusing rows out of range', async () => {
    const path = join(dir, 'hand.pth')
    await writeFile(path, handCheckpoint())
    const reader = await openCheckpoint(path)
    try {
      const rows = reader.readRowsFloat32?.bind(reader)
      if (!rows) throw new Error('pth reader must read rows')
      expect(Array.from(await rows('t.transposed', 1, 2))).toEqual([1, 4, 2, 5])
      expect(Array.from(await rows('h.fp16', 1, 1))).toEqual([0.333251953125, 2 ** -24])
      await expect(rows('h.fp16', 1, 2)).rejects.toThrow(/outside tensor h\.fp16/)
    } finally {
      await reader.close()
    }
  })
})
