// Host-KV decoder stage (CPU, and CUDA/DML through the same graph): each layer's whole K/V
// buffer goes in as a zero-copy tensor (ORT reads JS typed arrays in place: a 256 MiB input
// costs the same run time as 4 KiB); the graph returns only the new positions, which are
// appended here. No O(context) allocation or copy happens per step (ORT-RUNTIME.md §2.3).
// The logits are on the host already: a 'top-k' request selects the K here (so a stage in a
// worker sends K scores, not the vocabulary) and keeps the logits for a fallback fetch.
import * as ort from 'onnxruntime-node'
import { sessionOptionsFor } from '../devices/session-options'
import { kvNames } from '../onnx/decoder-graph'
import type { ModelPackage } from '../package/model-package'
import { RuntimeError } from './errors'
import { HostLogits } from './host-logits'
import { KvBuffer, widenBias } from './kv-buffer'
import { MASKED } from './position-inputs'
import type {
  CreateStageOptions,
  DecoderStage,
  SequenceId,
  StageInput,
  StageOutput,
  StageSpec
} from './stage'

export class CpuStage implements DecoderStage {
  private readonly sequences = new Map<SequenceId, KvBuffer>()
  private readonly kept = new HostLogits()
  private nextId = 1
  private readonly names: ReturnType<typeof kvNames>
  private readonly heads: number
  private readonly headDim: number
  private readonly hiddenSize: number

  private constructor(
    readonly spec: StageSpec,
    private session: ort.InferenceSession | undefined,
    pkg: ModelPackage,
    private readonly initialCapacity: number
  ) {
    const { heads, headDim, hidden } = pkg.manifest.arch.llm
    this.heads = heads
    this.headDim = headDim
    this.hiddenSize = hidden
    this.names = kvNames('hostkv', spec.layers[0], spec.layers[1])
  }

  static async create(
    pkg: ModelPackage,
    spec: StageSpec,
    graphPath: string,
    options: CreateStageOptions
  ): Promise<CpuStage> {
    const session = await ort.InferenceSession.create(
      graphPath,
      sessionOptionsFor(spec.device, { cpuThreads: options.threads })
    )
    return new CpuStage(spec, session, pkg, options.initialCapacity ?? 0)
  }

  private get layerCount(): number {
    return this.spec.layers[1] - this.spec.layers[0]
  }

  private buffer(seq: SequenceId): KvBuffer {
    const kv = this.sequences.get(seq)
    if (kv === undefined) throw new RuntimeError('UNKNOWN_SEQUENCE', `stage has no sequence ${seq}`)
    return kv
  }

  openSequence(): SequenceId {
    const id = this.nextId++
    this.sequences.set(
      id,
      new KvBuffer(this.layerCount, this.heads, this.headDim, this.initialCapacity)
    )
    return id
  }

  async forward(seq: SequenceId, input: StageInput): Promise<StageOutput> {
    if (this.session === undefined) throw new RuntimeError('DISPOSED', 'the stage was disposed')
    const kv = this.buffer(seq)
    this.kept.drop(seq)
    const t = input.tokens
    const past = kv.length
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
      attn_bias: f32(widenBias(input.attnBias, t, past, kv.capacity, MASKED), [
        1,
        1,
        t,
        kv.capacity + t
      ])
    }
    const keyDims = kv.keyDims
    const valueDims = kv.valueDims
    for (let l = 0; l < this.layerCount; l++) {
      feeds[this.names.pastKey[l]] = f32(kv.keys[l], keyDims)
      feeds[this.names.pastValue[l]] = f32(kv.values[l], valueDims)
    }
    const out = await this.session.run(feeds)
    const data = (name: string): Float32Array => out[name].data as Float32Array
    kv.append(this.names.outKey.map(data), this.names.outValue.map(data), t)
    if (!this.spec.isLast) return { hidden: data('hidden_out') }
    return this.kept.answer(seq, data('logits'), input.logits)
  }

  async fullLogits(seq: SequenceId): Promise<Float32Array> {
    this.buffer(seq)
    return this.kept.fetch(seq)
  }

  truncate(seq: SequenceId, length: number): void {
    this.buffer(seq).truncate(length)
    this.kept.drop(seq)
  }

  fork(seq: SequenceId): SequenceId {
    const id = this.nextId++
    this.sequences.set(id, this.buffer(seq).clone())
    return id
  }

  cachedLength(seq: SequenceId): number {
    return this.buffer(seq).length
  }

  closeSequence(seq: SequenceId): void {
    this.sequences.delete(seq)
    this.kept.drop(seq)
  }

  async dispose(): Promise<void> {
    this.sequences.clear()
    this.kept.clear()
    const session = this.session
    this.session = undefined
    await session?.release()
  }
}
