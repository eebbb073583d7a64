// The cheap deterministic fill of a bench model's weights: one short pattern per kind, tiled into
// a 4 MiB buffer once and streamed out as many times as a tensor needs. Values stay small and
// finite (|w| <= 0.02, norm gains 1) so activations neither overflow nor sink into denormals,
// which would distort the timings; no page is left all-zero (zero pages can be free to read).
import type { StoredDtype } from '../../package/manifest'
import { toHalfBits } from '../../convert/quantize'
import type { FillKind } from './plan'

const TILE_BYTES = 4 << 20
/** A prime period, so consecutive rows of any width differ. */
const PERIOD = 4099

function hashUnit(i: number): number {
  return (Math.imul(i + 1, 2654435761) >>> 0) / 2 ** 32
}

function valueAt(kind: FillKind, i: number): number {
  switch (kind) {
    case 'ones':
      return 1
    case 'scales':
      return 0.002 + 0.002 * hashUnit(i)
    case 'values':
    case 'nibbles':
      return (hashUnit(i) - 0.5) * 0.04
  }
}

function buildTile(kind: FillKind, dtype: StoredDtype): Uint8Array {
  const tile = new Uint8Array(TILE_BYTES)
  if (kind === 'nibbles' || dtype === 'int4') {
    for (let i = 0; i < tile.length; i++) tile[i] = Math.floor(hashUnit(i % PERIOD) * 256)
    return tile
  }
  if (dtype === 'float16') {
    const halves = new Uint16Array(tile.buffer)
    for (let i = 0; i < halves.length; i++) halves[i] = toHalfBits(valueAt(kind, i % PERIOD))
    return tile
  }
  const floats = new Float32Array(tile.buffer)
  for (let i = 0; i < floats.length; i++) floats[i] = valueAt(kind, i % PERIOD)
  return tile
}

const tiles = new Map<string, Uint8Array>()

/** The bytes of one stored tensor, as slices of the shared tile. */
export function* fillChunks(
  kind: FillKind,
  dtype: StoredDtype,
  bytes: number
): Generator<Uint8Array> {
  const key = `${kind}/${dtype}`
  let tile = tiles.get(key)
  if (tile === undefined) {
    tile = buildTile(kind, dtype)
    tiles.set(key, tile)
  }
  for (let at = 0; at < bytes; at += tile.length) {
    yield tile.subarray(0, Math.min(tile.length, bytes - at))
  }
}
