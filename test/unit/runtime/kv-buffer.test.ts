// KvBuffer layout: keys [heads, headDim, capacity] and values [heads, capacity, headDim] per
// layer, filled by multi-token (prefill) and one-token (decode) appends alike, across growth.
import { describe, expect, it } from 'vitest'
import { KV_GROWTH, KvBuffer } from '../../../main/inference/runtime/kv-buffer'

const LAYERS = 2
const HEADS = 3
const HEAD_DIM = 4

/** A value that names its layer, kind, head, dim and absolute position. */
const tag = (layer: number, kind: number, h: number, d: number, pos: number): number =>
  layer * 1e6 + kind * 1e5 + h * 1e4 + d * 1e3 + pos

/** Graph outputs for positions [start, start+tokens): new_key [heads, hd, T], new_value [heads, T, hd]. */
function step(start: number, tokens: number): { keys: Float32Array[]; values: Float32Array[] } {
  const keys: Float32Array[] = []
  const values: Float32Array[] = []
  for (let l = 0; l < LAYERS; l++) {
    const k = new Float32Array(HEADS * HEAD_DIM * tokens)
    const v = new Float32Array(HEADS * HEAD_DIM * tokens)
    for (let h = 0; h < HEADS; h++) {
      for (let d = 0; d < HEAD_DIM; d++) {
        for (let t = 0; t < tokens; t++) {
          k[(h * HEAD_DIM + d) * tokens + t] = tag(l, 0, h, d, start + t)
          v[(h * tokens + t) * HEAD_DIM + d] = tag(l, 1, h, d, start + t)
        }
      }
    }
    keys.push(k)
    values.push(v)
  }
  return { keys, values }
}

function expectLayout(kv: KvBuffer): void {
  const cap = kv.capacity
  for (let l = 0; l < LAYERS; l++) {
    for (let h = 0; h < HEADS; h++) {
      for (let d = 0; d < HEAD_DIM; d++) {
        for (let p = 0; p < kv.length; p++) {
          expect(kv.keys[l][(h * HEAD_DIM + d) * cap + p]).toBe(tag(l, 0, h, d, p))
          expect(kv.values[l][(h * cap + p) * HEAD_DIM + d]).toBe(tag(l, 1, h, d, p))
        }
      }
    }
  }
}

describe('KvBuffer', () => {
  it('lays out prefill and one-token appends identically, across capacity growth', () => {
    const kv = new KvBuffer(LAYERS, HEADS, HEAD_DIM)
    const prefill = KV_GROWTH - 2
    const p = step(0, prefill)
    kv.append(p.keys, p.values, prefill)
    for (let pos = prefill; pos < KV_GROWTH + 3; pos++) {
      const s = step(pos, 1)
      kv.append(s.keys, s.values, 1)
    }
    expect(kv.length).toBe(KV_GROWTH + 3)
    expect(kv.capacity).toBe(2 * KV_GROWTH)
    expect(kv.keyDims).toEqual([1, HEADS, HEAD_DIM, 2 * KV_GROWTH])
    expectLayout(kv)
  })

  it('overwrites truncated positions and clones independently', () => {
    const kv = new KvBuffer(LAYERS, HEADS, HEAD_DIM)
    const p = step(0, 5)
    kv.append(p.keys, p.values, 5)
    kv.truncate(3)
    const s = step(3, 1)
    kv.append(s.keys, s.values, 1)
    const copy = kv.clone()
    const t = step(4, 1)
    kv.append(t.keys, t.values, 1)
    expect(copy.length).toBe(4)
    expect(kv.length).toBe(5)
    expectLayout(kv)
    expectLayout(copy)
  })
})
