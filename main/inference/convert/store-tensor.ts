// Turns one resolved source tensor into stored bytes: raw float32/float16 copies, Linear weights
// transposed for MatMul (or 4-bit packed for MatMulNBits), the ViT's [q_bias, 0, v_bias].
// Large outputs are produced and written in chunks: only the source tensor is held whole.
import type { TensorEntry } from '../package/manifest'
import type { Job } from './tensor-plan'
import { halfChunks, quantizeInt4, transposeChunks } from './quantize'
import type { WeightFileWriter } from './weight-writer'

function bytesOf(view: Float32Array | Uint16Array | Uint8Array): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
}

/** Writes one job's tensor(s) and returns the manifest entries it produced. */
export async function storeJob(
  job: Job,
  read: (side: 'main' | 'q' | 'v') => Promise<Float32Array>,
  writer: WeightFileWriter,
  blockSize: number
): Promise<Record<string, TensorEntry>> {
  switch (job.kind) {
    case 'raw':
    case 'embedding': {
      const data = await read('main')
      const stored = job.store === 'float16' ? halfChunks(data) : [bytesOf(data)]
      return { [job.target]: await writer.writeChunks(stored, job.store, job.shape) }
    }
    case 'qkv-bias': {
      const bias = new Float32Array(3 * job.width)
      bias.set(await read('q'), 0)
      bias.set(await read('v'), 2 * job.width)
      return { [job.target]: await writer.write(bytesOf(bias), 'float32', [3 * job.width]) }
    }
    case 'linear': {
      const [out, inp] = job.shape
      const weight = await read('main')
      if (job.store === 'int4') {
        const q = quantizeInt4(weight, out, inp, blockSize)
        const packed = await writer.write(q.packed, 'int4', [out, inp])
        const scales = await writer.write(bytesOf(q.scales), 'float32', [out, q.blocks])
        return { [job.target]: packed, [`${job.target}.scales`]: scales }
      }
      const chunks = transposeChunks(weight, out, inp, job.store === 'float16')
      return { [job.target]: await writer.writeChunks(chunks, job.store, [inp, out]) }
    }
  }
}
