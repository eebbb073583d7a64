// The two resampling passes as WebAssembly SIMD functions, with the same 22-bit integer sums,
// rounding and clipping as the plain JS passes in resize-bicubic.ts, so results are identical.
//
// hpass: two source rows at a time are split into R, G and B planes, then every output sample
// is a run of `groups` 8-tap dot products (i32x4.dot_i16x8_s). Pillow's weights need 23 signed
// bits, more than i16 holds, so each weight w is given as hi * 2^15 + lo with lo in [0, 2^15):
// the sum is (sum(p * hi) << 15) + sum(p * lo), exact in wrapping i32 arithmetic because the
// true sum fits an i32. The group loop is unrolled, so the module is assembled per group count.
//
// vpass: each output row is 16 bytes at a time of weighted sums of whole source rows; the
// layout is interleaved, so all three channels go through the same lanes.
import {
  ADD,
  BLOCK,
  br,
  brIf,
  END_OP,
  GE_S,
  GE_U,
  get,
  I32,
  i32Const,
  i32Load,
  increment,
  LOOP,
  memarg,
  MUL,
  set,
  simd,
  tee,
  V128,
  wasmModule
} from './wasm-encoding'

const v128Load = (offset = 0): number[] => [...simd(0x00), ...memarg(offset)]
const load8x8U = (offset = 0): number[] => [...simd(0x02), ...memarg(offset)]
const v128Store = (offset = 0): number[] => [...simd(0x0b), ...memarg(offset)]
const store8Lane = (offset: number, lane: number): number[] => [
  ...simd(0x58),
  ...memarg(offset),
  lane
]
const shuffle = (lanes: number[]): number[] => [...simd(0x0d), ...lanes]
const ZERO = [...simd(0x0c), ...new Array<number>(16).fill(0)]
const SPLAT_I32 = simd(0x11)
const NARROW_I16_TO_U8 = simd(0x66)
const NARROW_I32_TO_U16 = simd(0x86)
const WIDEN_LOW_U8 = simd(0x89)
const WIDEN_HIGH_U8 = simd(0x8a)
const WIDEN_LOW_U16 = simd(0xa9)
const WIDEN_HIGH_U16 = simd(0xaa)
const SHL_I32 = simd(0xab)
const SHR_S_I32 = simd(0xac)
const ADD_I32 = simd(0xae)
const MUL_I32 = simd(0xb5)
const DOT_I16 = simd(0xba)

const PRECISION_BITS = 22
export const WEIGHT_LOW_BITS = 15
/** Bytes of weights per output sample and 8-tap group: the hi and lo i16x8 vectors. */
export const GROUP_WEIGHT_BYTES = 32

const range = (from: number, count: number, step = 1): number[] =>
  Array.from({ length: count }, (_, i) => from + i * step)

// i8x16.shuffle picks from the 32 bytes of its two operands. 16 RGB pixels are 48 bytes in
// three vectors; each plane takes the first pixels from v0:v1, then the rest from v2.
const PLANE_SHUFFLES: Array<[number[], number[]]> = [0, 1, 2].map((channel) => {
  const fromFirstPair = channel === 2 ? 10 : 11
  const start = 3 * fromFirstPair + channel - 32
  return [
    [...range(channel, fromFirstPair, 3), ...new Array<number>(16 - fromFirstPair).fill(0)],
    [...range(0, fromFirstPair), ...range(16 + start, 16 - fromFirstPair, 3)]
  ]
})

/** Loops while `condition` (which leaves an i32 on the stack) is false. */
function loopUntil(condition: number[], body: number[]): number[] {
  return [...BLOCK, ...LOOP, ...condition, ...brIf(1), ...body, ...br(0), END_OP, END_OP]
}

function addInto(acc: number, value: number[]): number[] {
  return [...get(acc), ...value, ...ADD_I32, ...set(acc)]
}

// Clipped byte of a 22-bit fixed-point sum: >> 22, then saturating narrows clip to 0..255.
function clipToBytes(sum: number[]): number[] {
  return [...sum, ...i32Const(PRECISION_BITS), ...SHR_S_I32]
}

function horizontalCode(groups: number): number[] {
  const [SRC, STRIDE, ROWS, OUT_W, FIRST, WEIGHTS, PLANES, PLANE_STRIDE, DST, WIDTH] = range(0, 10)
  const [Y, X, P, QR, QG, QB, END, A, B, C, PA, WP, D, OUT_ROW] = range(10, 14)
  const [V0, V1, PX, WH, WL, HIA, LOA, HIB, LOB, SUM] = range(24, 10)

  // Splits source row `row` (0 or 1 of the pair) into plane rows R, G, B.
  const splitRow = (row: number): number[] => [
    ...get(SRC),
    ...get(Y),
    ...i32Const(row),
    ADD,
    ...get(STRIDE),
    MUL,
    ADD,
    ...set(P),
    ...get(PLANES),
    ...get(PLANE_STRIDE),
    ...i32Const(row),
    MUL,
    ADD,
    ...tee(QR),
    ...get(WIDTH),
    ADD,
    ...set(END),
    ...get(QR),
    ...get(PLANE_STRIDE),
    ...i32Const(2),
    MUL,
    ADD,
    ...tee(QG),
    ...get(PLANE_STRIDE),
    ...i32Const(2),
    MUL,
    ADD,
    ...set(QB),
    ...loopUntil(
      [...get(QR), ...get(END), GE_U],
      [
        ...get(P),
        ...v128Load(0),
        ...set(V0),
        ...get(P),
        ...v128Load(16),
        ...set(V1),
        ...[QR, QG, QB].flatMap((plane, channel) => [
          ...get(plane),
          ...get(V0),
          ...get(V1),
          ...shuffle(PLANE_SHUFFLES[channel][0]),
          ...get(P),
          ...v128Load(32),
          ...shuffle(PLANE_SHUFFLES[channel][1]),
          ...v128Store(0),
          ...increment(plane, 16)
        ]),
        ...increment(P, 48)
      ]
    )
  ]

  const group = (g: number): number[] => [
    ...get(WP),
    ...v128Load(g * GROUP_WEIGHT_BYTES),
    ...set(WH),
    ...get(WP),
    ...v128Load(g * GROUP_WEIGHT_BYTES + 16),
    ...set(WL),
    ...[
      [A, HIA, LOA],
      [B, HIB, LOB]
    ].flatMap(([pointer, hi, lo]) => [
      ...get(pointer),
      ...load8x8U(g * 8),
      ...set(PX),
      ...addInto(hi, [...get(PX), ...get(WH), ...DOT_I16]),
      ...addInto(lo, [...get(PX), ...get(WL), ...DOT_I16])
    ])
  ]

  // Lane 0 of the clipped total of hi << 15 + lo, stored at `address`.
  const storeSample = (hi: number, lo: number, address: number[]): number[] => [
    ...address,
    ...get(hi),
    ...i32Const(WEIGHT_LOW_BITS),
    ...SHL_I32,
    ...get(lo),
    ...ADD_I32,
    ...tee(SUM),
    ...get(SUM),
    ...get(SUM),
    ...shuffle([...range(8, 8), ...range(0, 8)]),
    ...ADD_I32,
    ...tee(SUM),
    ...get(SUM),
    ...get(SUM),
    ...shuffle([...range(4, 4), ...range(0, 12)]),
    ...ADD_I32,
    ...i32Const(1 << (PRECISION_BITS - 1)),
    ...SPLAT_I32,
    ...ADD_I32,
    ...clipToBytes([]),
    ...ZERO,
    ...NARROW_I32_TO_U16,
    ...ZERO,
    ...NARROW_I16_TO_U8,
    ...store8Lane(0, 0)
  ]

  const sample = [
    ...get(FIRST),
    ...get(X),
    ...i32Const(4),
    MUL,
    ADD,
    ...i32Load,
    ...tee(A),
    ...get(PA),
    ADD,
    ...set(A),
    ...get(A),
    ...get(PLANE_STRIDE),
    ADD,
    ...set(B),
    ...ZERO,
    ...tee(HIA),
    ...tee(LOA),
    ...tee(HIB),
    ...set(LOB),
    ...range(0, groups).flatMap(group),
    ...storeSample(HIA, LOA, get(D)),
    ...storeSample(HIB, LOB, [...get(D), ...get(OUT_ROW), ADD]),
    ...increment(D, 3),
    ...increment(WP, groups * GROUP_WEIGHT_BYTES),
    ...increment(X, 1)
  ]

  const channel = [
    ...get(PLANES),
    ...get(PLANE_STRIDE),
    ...i32Const(2),
    MUL,
    ...get(C),
    MUL,
    ADD,
    ...set(PA),
    ...get(DST),
    ...get(Y),
    ...get(OUT_ROW),
    MUL,
    ADD,
    ...get(C),
    ADD,
    ...set(D),
    ...get(WEIGHTS),
    ...set(WP),
    ...i32Const(0),
    ...set(X),
    ...loopUntil([...get(X), ...get(OUT_W), GE_S], sample),
    ...increment(C, 1)
  ]

  const row = [
    ...splitRow(0),
    ...splitRow(1),
    ...i32Const(0),
    ...set(C),
    ...loopUntil([...get(C), ...i32Const(3), GE_S], channel),
    ...increment(Y, 2)
  ]

  return [
    0x02,
    14,
    I32,
    10,
    V128,
    ...get(OUT_W),
    ...i32Const(3),
    MUL,
    ...set(OUT_ROW),
    ...loopUntil([...get(Y), ...get(ROWS), GE_S], row),
    END_OP
  ]
}

function verticalCode(): number[] {
  const [SRC, STRIDE, OUT_H, FIRST, COUNT, WEIGHTS, TAPS, DST] = range(0, 8)
  const [Y, XB, BASE, WP, K, END, P] = range(8, 7)
  const [ACC0, ACC1, ACC2, ACC3, W, PIXELS, HALF16] = range(15, 7)
  const accumulators = [ACC0, ACC1, ACC2, ACC3]
  const widen = [
    [WIDEN_LOW_U8, WIDEN_LOW_U16],
    [WIDEN_LOW_U8, WIDEN_HIGH_U16],
    [WIDEN_HIGH_U8, WIDEN_LOW_U16],
    [WIDEN_HIGH_U8, WIDEN_HIGH_U16]
  ]
  const tap = [
    ...get(K),
    ...i32Load,
    ...SPLAT_I32,
    ...set(W),
    ...get(P),
    ...v128Load(0),
    ...set(PIXELS),
    ...accumulators.flatMap((acc, i) =>
      addInto(acc, [...get(PIXELS), ...widen[i][0], ...widen[i][1], ...get(W), ...MUL_I32])
    ),
    ...get(P),
    ...get(STRIDE),
    ADD,
    ...set(P),
    ...increment(K, 4)
  ]
  const chunk = [
    ...get(HALF16),
    ...tee(ACC0),
    ...tee(ACC1),
    ...tee(ACC2),
    ...set(ACC3),
    ...get(BASE),
    ...get(XB),
    ADD,
    ...set(P),
    ...get(WP),
    ...tee(K),
    ...get(COUNT),
    ...get(Y),
    ...i32Const(4),
    MUL,
    ADD,
    ...i32Load,
    ...i32Const(4),
    MUL,
    ADD,
    ...set(END),
    ...loopUntil([...get(K), ...get(END), GE_U], tap),
    ...get(DST),
    ...get(Y),
    ...get(STRIDE),
    MUL,
    ADD,
    ...get(XB),
    ADD,
    ...clipToBytes(get(ACC0)),
    ...clipToBytes(get(ACC1)),
    ...NARROW_I32_TO_U16,
    ...clipToBytes(get(ACC2)),
    ...clipToBytes(get(ACC3)),
    ...NARROW_I32_TO_U16,
    ...NARROW_I16_TO_U8,
    ...v128Store(0),
    ...increment(XB, 16)
  ]
  const row = [
    ...get(SRC),
    ...get(FIRST),
    ...get(Y),
    ...i32Const(4),
    MUL,
    ADD,
    ...i32Load,
    ...get(STRIDE),
    MUL,
    ADD,
    ...set(BASE),
    ...get(WEIGHTS),
    ...get(Y),
    ...get(TAPS),
    MUL,
    ...i32Const(4),
    MUL,
    ADD,
    ...set(WP),
    ...i32Const(0),
    ...set(XB),
    ...loopUntil([...get(XB), ...get(STRIDE), GE_S], chunk),
    ...increment(Y, 1)
  ]
  return [
    0x02,
    7,
    I32,
    7,
    V128,
    ...i32Const(1 << (PRECISION_BITS - 1)),
    ...SPLAT_I32,
    ...set(HALF16),
    ...loopUntil([...get(Y), ...get(OUT_H), GE_S], row),
    END_OP
  ]
}

/**
 * The module exporting `hpass` (for `groups` 8-tap groups per sample) and `vpass`, on a shared
 * memory so that threads can take parts of the rows.
 */
export function resizeModuleBytes(groups: number): Uint8Array {
  return wasmModule(
    [
      { name: 'hpass', params: 10, code: horizontalCode(groups) },
      { name: 'vpass', params: 8, code: verticalCode() }
    ],
    true
  )
}
