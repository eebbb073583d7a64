// Device-KV decoder stage for WebGPU: present K/V stay on the GPU as `gpu-buffer` tensors and
// are fed back as the next step's past; only hidden/logits come back to the CPU. Sequences share
// tensors copy-on-write (fork), and truncation is applied lazily on the device by a small Slice
// graph before the next forward (JS cannot read gpu-buffer tensors). Its logits come to the
// host, where a 'top-k' request is answered (host-logits.ts).
import * as ort from 'onnxruntime-node'
import { sessionOptionsFor } from '../devices/session-options'
import { GraphBuilder } from '../onnx/graph-builder'
import { kvNames } from '../onnx/decoder-graph'
import type { ModelPackage } from '../package/model-package'
import { RuntimeError } from './errors'
import { HostLogits } from './host-logits'
import { SharedTensor } from './shared-tensor'
import type { DecoderStage, SequenceId, StageInput, StageOutput, StageSpec } from './stage'

interface DeviceSequence {
  kv: SharedTensor[] // keys of every layer, then values
  length: number
  /** Cached positions to keep; applied on the device before the next forward. */
  keep: number
}

function sliceGraph(count: number, heads: number, headDim: number): Uint8Array {
  const b = new GraphBuilder('kv_slice')
  const end = b.input('end', 'int64', [1])
  for (let i = 0; i < count; i++) {
    const x = b.input(`x_${i}`, 'float', [1, heads, 'past', headDim])
    const y = b.op('Slice', [x, b.constInt64([0]), end, b.constInt64([2])])
    b.output(y, `y_${i}`, 'float', [1, heads, 'kept', headDim])
  }
  return b.toBytes()
}

export class WebGpuStage implements DecoderStage {
  private readonly sequences = new Map<SequenceId, DeviceSequence>()
  private readonly kept = new HostLogits()
  private nextId = 1
  private readonly names: ReturnType<typeof kvNames>
  private disposed = false

  private constructor(
    readonly spec: StageSpec,
    private readonly session: ort.InferenceSession,
    private readonly slicer: ort.InferenceSession,
    private readonly heads: number,
    private readonly headDim: number,
    private readonly hiddenSize: number
  ) {
    this.names = kvNames('devicekv', spec.layers[0], spec.layers[1])
  }

  static async create(pkg: ModelPackage, spec: StageSpec, graphPath: string): Promise<WebGpuStage> {
    const { heads, headDim, hidden } = pkg.manifest.arch.llm
    const names = kvNames('devicekv', spec.layers[0], spec.layers[1])
    const outputs = [...names.outKey, ...names.outValue, spec.isLast ? 'logits' : 'hidden_out']
    const outputLocations: Record<string, 'cpu' | 'gpu-buffer'> = {}
    for (const name of outputs) {
      outputLocations[name] = name.startsWith('present_') ? 'gpu-buffer' : 'cpu'
    }
    const session = await ort.InferenceSession.create(
      graphPath,
      sessionOptionsFor(spec.device, { outputLocations })
    )
    const count = 2 * (spec.layers[1] - spec.layers[0])
    const slicerOptions = {
      ...sessionOptionsFor(spec.device),
      preferredOutputLocation: 'gpu-buffer' as const
    }
    const slicer = await ort.InferenceSession.create(
      sliceGraph(count, heads, headDim),
      slicerOptions
    )
    return new WebGpuStage(spec, session, slicer, heads, headDim, hidden)
  }

  private get layerCount(): number {
    return this.spec.layers[1] - this.spec.layers[0]
  }

  private sequence(seq: SequenceId): DeviceSequence {
    const s = this.sequences.get(seq)
    if (s === undefined) throw new RuntimeError('UNKNOWN_SEQUENCE', `stage has no sequence ${seq}`)
    return s
  }

  private emptyKv(): SharedTensor[] {
    return Array.from(
      { length: 2 * this.layerCount },
      () =>
        new SharedTensor(
          new ort.Tensor('float32', new Float32Array(0), [1, this.heads, 0, this.headDim])
        )
    )
  }

  openSequence(): SequenceId {
    const id = this.nextId++
    this.sequences.set(id, { kv: this.emptyKv(), length: 0, keep: 0 })
    return id
  }

  private async applyTruncation(s: DeviceSequence): Promise<void> {
    if (s.keep >= s.length) return
    const old = s.kv
    if (s.keep === 0) {
      s.kv = this.emptyKv()
    } else {
      const feeds: Record<string, ort.Tensor> = {
        end: new ort.Tensor('int64', BigInt64Array.from([BigInt(s.keep)]), [1])
      }
      old.forEach((t, i) => (feeds[`x_${i}`] = t.tensor))
      const out = await this.slicer.run(feeds)
      s.kv = old.map((_, i) => new SharedTensor(out[`y_${i}`]))
    }
    old.forEach((t) => t.release())
    s.length = s.keep
  }

  async forward(seq: SequenceId, input: StageInput): Promise<StageOutput> {
    if (this.disposed) throw new RuntimeError('DISPOSED', 'the stage was disposed')
    const s = this.sequence(seq)
    this.kept.drop(seq)
    await this.applyTruncation(s)
    const t = input.tokens
    const past = s.length
    if (input.hidden.length !== t * this.hiddenSize || input.attnBias.length !== t * (past + t)) {
      throw new RuntimeError(
        'BAD_INPUT',
        `stage input sizes do not match ${t} tokens after ${past} cached`
      )
    }
    const f32 = (data: Float32Array, dims: number[]): ort.Tensor =>
      new ort.Tensor('float32', data, dims)
    const feeds: Record<string, ort.Tensor> = {
      hidden_in: f32(input.hidden, [1, t, this.hiddenSize]),
      rope_cos: f32(input.ropeCos, [t, this.headDim]),
      rope_sin: f32(input.ropeSin, [t, this.headDim]),
      logn_scale: f32(input.lognScale, [t]),
      attn_bias: f32(input.attnBias, [1, 1, t, past + t])
    }
    const n = this.layerCount
    for (let l = 0; l < n; l++) {
      feeds[this.names.pastKey[l]] = s.kv[l].tensor
      feeds[this.names.pastValue[l]] = s.kv[n + l].tensor
    }
    const out = await this.session.run(feeds)
    const old = s.kv
    s.kv = [...this.names.outKey, ...this.names.outValue].map((name) => new SharedTensor(out[name]))
    old.forEach((x) => x.release())
    s.length = past + t
    s.keep = s.length
    const data = (name: string): Float32Array => out[name].data as Float32Array
    if (!this.spec.isLast) return { hidden: data('hidden_out') }
    return this.kept.answer(seq, data('logits'), input.logits)
  }

  async fullLogits(seq: SequenceId): Promise<Float32Array> {
    this.sequence(seq)
    return this.kept.fetch(seq)
  }

  truncate(seq: SequenceId, length: number): void {
    const s = this.sequence(seq)
    this.kept.drop(seq)
    s.keep = Math.min(s.keep, Math.max(0, length))
  }

  fork(seq: SequenceId): SequenceId {
    const s = this.sequence(seq)
    const id = this.nextId++
    this.sequences.set(id, { kv: s.kv.map((t) => t.retain()), length: s.length, keep: s.keep })
    return id
  }

  cachedLength(seq: SequenceId): number {
    return this.sequence(seq).keep
  }

  closeSequence(seq: SequenceId): void {
    const s = this.sequences.get(seq)
    if (s === undefined) return
    s.kv.forEach((t) => t.release())
    this.kept.drop(seq)
    this.sequences.delete(seq)
  }

  async dispose(): Promise<void> {
    if (this.disposed) return
    for (const id of [...this.sequences.keys()]) this.closeSequence(id)
    this.disposed = true
    this.kept.clear()
    await this.session.release()
    await this.slicer.release()
  }
}
