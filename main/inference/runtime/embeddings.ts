// Host-side token embedding: row gathers from the package's raw table by positional reads (the
// table is never loaded whole), and the image-row splice of MODEL-SPEC §7.2.
import { openSync, readSync, closeSync } from 'node:fs'
import { RuntimeError } from './errors'

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1
  const exp = (h >> 10) & 0x1f
  const mant = h & 0x3ff
  if (exp === 0) return sign * mant * 2 ** -24
  if (exp === 0x1f) return mant === 0 ? sign * Infinity : NaN
  return sign * (1 + mant / 1024) * 2 ** (exp - 15)
}

export class EmbeddingTable {
  private fd: number | undefined
  private readonly rowBytes: number

  constructor(
    path: string,
    readonly rows: number,
    readonly width: number,
    readonly dtype: 'float32' | 'float16'
  ) {
    this.fd = openSync(path, 'r')
    this.rowBytes = width * (dtype === 'float32' ? 4 : 2)
  }

  /** Embeddings of `ids` as [ids.length, width] float32. */
  gather(ids: ArrayLike<number>): Float32Array {
    if (this.fd === undefined) throw new RuntimeError('DISPOSED', 'the embedding table is closed')
    const out = new Float32Array(ids.length * this.width)
    const row = Buffer.alloc(this.rowBytes)
    for (let t = 0; t < ids.length; t++) {
      const id = ids[t]
      if (!Number.isInteger(id) || id < 0 || id >= this.rows) {
        throw new RuntimeError(
          'BAD_TOKEN',
          `token id ${id} is outside the embedding table (0..${this.rows - 1})`
        )
      }
      readSync(this.fd, row, 0, this.rowBytes, id * this.rowBytes)
      if (this.dtype === 'float32') {
        out.set(new Float32Array(row.buffer, row.byteOffset, this.width), t * this.width)
      } else {
        for (let i = 0; i < this.width; i++)
          out[t * this.width + i] = halfToFloat(row.readUInt16LE(2 * i))
      }
    }
    return out
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd)
    this.fd = undefined
  }
}

/**
 * Overwrites the rows of `embeds` [ids.length, width] at every `imagePad` id, in order, with the
 * rows of `imageEmbeds` [images·queries, width]. The slot count must match exactly.
 */
export function spliceImageRows(
  embeds: Float32Array,
  ids: ArrayLike<number>,
  imagePad: number,
  imageEmbeds: Float32Array | undefined,
  width: number
): void {
  const slots: number[] = []
  for (let t = 0; t < ids.length; t++) if (ids[t] === imagePad) slots.push(t)
  const rows = imageEmbeds === undefined ? 0 : imageEmbeds.length / width
  if (slots.length !== rows) {
    throw new RuntimeError(
      'IMAGE_COUNT_MISMATCH',
      `the prompt has ${slots.length} image slots but ${rows} image embedding rows were given`
    )
  }
  slots.forEach((slot, k) => {
    embeds.set((imageEmbeds as Float32Array).subarray(k * width, (k + 1) * width), slot * width)
  })
}
