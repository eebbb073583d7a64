// WebGPU decoder stage over the `gqa` graph (onnx/gpu-decoder-graph.ts): each sequence's K/V
// live on the GPU as gpu-buffer tensors of a fixed capacity [1, heads, capacity, hd], so decode
// shapes are static until the capacity grows (in steps of GQA_KV_GROWTH, by a Pad on the
// device). GroupQueryAttention reads the first `total_sequence_length` positions.
//
// onnxruntime-node 1.30 ignores a preallocated gpu-buffer output passed in `fetches` (it
// allocates a fresh output; measured in test/unit/runtime/webgpu-binding.test.ts), so the past and
// present buffers cannot be the same and GQA's share-buffer append is out of reach from Node.
// Each step writes a new present buffer (ORT's buffer cache recycles the old one), which GQA
// fills with one fused copy of the valid positions plus the new ones. Since a step never
// mutates its past, fork shares buffers and truncation only lowers the valid length.
//
// The logits stay on the GPU: a greedy step takes the argmax there ('argmax') or selects the top
// K there ('top-k', a second small session: onnx/top-logits-graph.ts) and keeps the logits
// until the sequence moves on, in case the host needs them after all. Without device selection
// a 'top-k' step downloads the logits and selects here (host-logits.ts), so a stage process
// still sends only K scores to the host.
import * as ort from 'onnxruntime-node'
import { gqaSessionOptions } from '../devices/backends/webgpu'
import { READBACK_TOP_K, type TopLogits } from '../generation/top-logits'
import { GraphBuilder } from '../onnx/graph-builder'
import { gpuKvNames, type GpuKvVariant } from '../onnx/gpu-decoder-graph'
import {
  buildTopLogitsGraph,
  TOP_LOGITS_IDS,
  TOP_LOGITS_INPUT,
  TOP_LOGITS_VALUES
} from '../onnx/top-logits-graph'
import type { ModelPackage } from '../package/model-package'
import { RuntimeError } from './errors'
import { HostLogits } from './host-logits'
import { gqaPrefillLimit } from './gqa-prefill-probe'
import { SharedTensor } from './shared-tensor'
import type { DecoderStage, SequenceId, StageInput, StageOutput, StageSpec } from './stage'

/** KV capacity steps in tokens: each growth copies the cache once on the device. */
export const GQA_KV_GROWTH = 256

/** What one session run reads of a stage input (masking goes by sequence length, not a bias). */
type StepRows = Pick<
  StageInput,
  'hidden' | 'tokens' | 'ropeCos' | 'ropeSin' | 'lognScale' | 'logits'
>

interface GpuSequence {
  /** Keys of every layer, then values; undefined until the first forward allocates them. */
  kv: SharedTensor[] | undefined
  capacity: number
  length: number
  /** Logits of the last 'top-k' step, on the GPU until the sequence changes. */
  kept?: ort.Tensor
}

export interface GqaStageOptions {
  /** Answer 'top-k' by selecting on the device (else: download, select on the host). Default true. */
  deviceTopK?: boolean
  /** Merged over the production options (profiling, config entries for experiments). */
  sessionOverrides?: ort.InferenceSession.SessionOptions
}

/** Pads every KV tensor along the position axis to the capacity given by `pads` (one graph). */
function resizeGraph(
  count: number,
  heads: number,
  headDim: number,
  kvType: 'float' | 'float16'
): Uint8Array {
  const b = new GraphBuilder('kv_resize')
  const pads = b.input('pads', 'int64', [8])
  for (let i = 0; i < count; i++) {
    const x = b.input(`x_${i}`, kvType, [1, heads, 'capacity', headDim])
    b.output(b.op('Pad', [x, pads]), `y_${i}`, kvType, [1, heads, 'grown', headDim])
  }
  return b.toBytes()
}

export class GqaStage implements DecoderStage {
  private readonly sequences = new Map<SequenceId, GpuSequence>()
  private nextId = 1
  private readonly names: ReturnType<typeof gpuKvNames>
  private disposed = false
  private downloader: ort.InferenceSession | undefined
  private selector: ort.InferenceSession | undefined
  private readonly hostKept = new HostLogits()

  private constructor(
    readonly spec: StageSpec,
    readonly variant: GpuKvVariant,
    private readonly session: ort.InferenceSession,
    private readonly resizer: ort.InferenceSession,
    private readonly heads: number,
    private readonly headDim: number,
    private readonly hiddenSize: number,
    /** Most new positions per session run (gqa-prefill-probe.ts). */
    private readonly maxChunk: number,
    private readonly deviceTopK: boolean
  ) {
    this.names = gpuKvNames(spec.layers[0], spec.layers[1])
  }

  static async create(
    pkg: ModelPackage,
    spec: StageSpec,
    variant: GpuKvVariant,
    graphPath: string,
    options: GqaStageOptions = {}
  ): Promise<GqaStage> {
    const { heads, headDim, hidden } = pkg.manifest.arch.llm
    const names = gpuKvNames(spec.layers[0], spec.layers[1])
    const outputs = [
      ...names.presentKey,
      ...names.presentValue,
      ...(spec.isLast ? ['logits', 'next_id'] : ['hidden_out'])
    ]
    const session = await ort.InferenceSession.create(graphPath, {
      ...gqaSessionOptions(spec.device, outputs),
      ...options.sessionOverrides
    })
    try {
      const count = 2 * (spec.layers[1] - spec.layers[0])
      const kvType = variant === 'gqa16' ? 'float16' : 'float'
      const resizer = await ort.InferenceSession.create(
        resizeGraph(count, heads, headDim, kvType),
        { ...gqaSessionOptions(spec.device, []), preferredOutputLocation: 'gpu-buffer' }
      )
      const maxChunk = await gqaPrefillLimit()
      return new GqaStage(
        spec,
        variant,
        session,
        resizer,
        heads,
        headDim,
        hidden,
        maxChunk,
        options.deviceTopK ?? true
      )
    } catch (error) {
      await session.release()
      throw error
    }
  }

  private get layerCount(): number {
    return this.spec.layers[1] - this.spec.layers[0]
  }

  private sequence(seq: SequenceId): GpuSequence {
    const s = this.sequences.get(seq)
    if (s === undefined) throw new RuntimeError('UNKNOWN_SEQUENCE', `stage has no sequence ${seq}`)
    return s
  }

  openSequence(): SequenceId {
    const id = this.nextId++
    this.sequences.set(id, { kv: undefined, capacity: 0, length: 0 })
    return id
  }

  /** Makes room for `needed` positions: a fresh zeroed cache, or the old one padded on the device. */
  private async ensureCapacity(s: GpuSequence, needed: number): Promise<SharedTensor[]> {
    if (s.kv !== undefined && needed <= s.capacity) return s.kv
    const capacity = Math.ceil(needed / GQA_KV_GROWTH) * GQA_KV_GROWTH
    const count = 2 * this.layerCount
    const grow = capacity - s.capacity
    const feeds: Record<string, ort.Tensor> = {
      pads: new ort.Tensor(
        'int64',
        BigInt64Array.from([0, 0, 0, 0, 0, 0, grow, 0].map(BigInt)),
        [8]
      )
    }
    const empty =
      this.variant === 'gqa16'
        ? new ort.Tensor('float16', new Uint16Array(0), [1, this.heads, 0, this.headDim])
        : new ort.Tensor('float32', new Float32Array(0), [1, this.heads, 0, this.headDim])
    for (let i = 0; i < count; i++) feeds[`x_${i}`] = s.kv?.[i].tensor ?? empty
    const out = await this.resizer.run(feeds)
    const old = s.kv
    s.kv = Array.from({ length: count }, (_, i) => new SharedTensor(out[`y_${i}`]))
    old?.forEach((t) => t.release())
    s.capacity = capacity
    return s.kv
  }

  async forward(seq: SequenceId, input: StageInput): Promise<StageOutput> {
    if (this.disposed) throw new RuntimeError('DISPOSED', 'the stage was disposed')
    const s = this.sequence(seq)
    this.dropKept(seq, s)
    const t = input.tokens
    if (input.hidden.length !== t * this.hiddenSize || input.ropeCos.length !== t * this.headDim) {
      throw new RuntimeError(
        'BAD_INPUT',
        `stage input sizes do not match ${t} tokens after ${s.length} cached`
      )
    }
    await this.ensureCapacity(s, s.length + t)
    if (t <= this.maxChunk) return this.run(seq, s, input)
    const hidden = new Float32Array(t * this.hiddenSize)
    let last: StageOutput = {}
    for (let from = 0; from < t; from += this.maxChunk) {
      const to = Math.min(t, from + this.maxChunk)
      const slice = sliceInput(input, from, to, this.hiddenSize, this.headDim)
      // Only the last chunk's logits are asked for; earlier ones read back nothing.
      last = await this.run(seq, s, to < t ? { ...slice, logits: 'argmax' } : slice)
      if (last.hidden) hidden.set(last.hidden, from * this.hiddenSize)
    }
    return this.spec.isLast ? last : { hidden }
  }

  /** One session run for input.tokens new positions; the capacity is already there. */
  private async run(seq: SequenceId, s: GpuSequence, input: StepRows): Promise<StageOutput> {
    const kv = s.kv as SharedTensor[]
    const t = input.tokens
    const past = s.length
    const feeds: Record<string, ort.Tensor> = {
      hidden_in: new ort.Tensor('float32', input.hidden, [1, t, this.hiddenSize]),
      ...halfTables(input, t, this.headDim),
      position_ids: new ort.Tensor(
        'int64',
        BigInt64Array.from({ length: t }, (_, i) => BigInt(i)),
        [1, t]
      ),
      seqlens_k: new ort.Tensor('int32', Int32Array.from([past + t - 1]), [1]),
      total_sequence_length: new ort.Tensor('int32', Int32Array.from([past + t]), [1])
    }
    const n = this.layerCount
    for (let l = 0; l < n; l++) {
      feeds[this.names.pastKey[l]] = kv[l].tensor
      feeds[this.names.pastValue[l]] = kv[n + l].tensor
    }
    // Every output is fetched: with preferredOutputLocation set, the 1.30 binding pairs a
    // subset of fetched names with the wrong tensors ("Output count mismatch").
    const out = await this.session.run(feeds)
    s.kv = [...this.names.presentKey, ...this.names.presentValue].map(
      (name) => new SharedTensor(out[name])
    )
    kv.forEach((x) => x.release())
    s.length = past + t
    if (!this.spec.isLast) return { hidden: out.hidden_out.data as Float32Array }
    const nextId = Number((out.next_id.data as BigInt64Array)[0])
    // The logits stay on the GPU unless asked for: greedy decoding reads back one id or K.
    const logits = out.logits
    if (input.logits === 'top-k' && this.deviceTopK) {
      try {
        const top = await this.selectTop(logits)
        s.kept = logits
        return { top, nextId }
      } catch (error) {
        logits.dispose()
        throw error
      }
    }
    try {
      if (input.logits === 'argmax') return { nextId }
      return { ...this.hostKept.answer(seq, await this.download(logits), input.logits), nextId }
    } finally {
      logits.dispose()
    }
  }

  async fullLogits(seq: SequenceId): Promise<Float32Array> {
    const kept = this.sequence(seq).kept
    return kept === undefined ? this.hostKept.fetch(seq) : this.download(kept)
  }

  private async selectTop(logits: ort.Tensor): Promise<TopLogits> {
    this.selector ??= await ort.InferenceSession.create(
      buildTopLogitsGraph(logits.dims[1], READBACK_TOP_K),
      gqaSessionOptions(this.spec.device, [])
    )
    const out = await this.selector.run({ [TOP_LOGITS_INPUT]: logits })
    return {
      values: out[TOP_LOGITS_VALUES].data as Float32Array,
      ids: out[TOP_LOGITS_IDS].data as Int32Array
    }
  }

  private async download(logits: ort.Tensor): Promise<Float32Array> {
    this.downloader ??= await ort.InferenceSession.create(
      downloadGraph(logits.dims),
      gqaSessionOptions(this.spec.device, [])
    )
    return (await this.downloader.run({ x: logits })).y.data as Float32Array
  }

  private dropKept(seq: SequenceId, s: GpuSequence): void {
    s.kept?.dispose()
    s.kept = undefined
    this.hostKept.drop(seq)
  }

  /** Ends a profiling session (created with enableProfiling): ORT writes its JSON file. */
  endProfiling(): void {
    this.session.endProfiling()
  }

  truncate(seq: SequenceId, length: number): void {
    const s = this.sequence(seq)
    this.dropKept(seq, s)
    s.length = Math.min(s.length, Math.max(0, length))
  }

  fork(seq: SequenceId): SequenceId {
    const s = this.sequence(seq)
    const id = this.nextId++
    this.sequences.set(id, {
      kv: s.kv?.map((t) => t.retain()),
      capacity: s.capacity,
      length: s.length
    })
    return id
  }

  cachedLength(seq: SequenceId): number {
    return this.sequence(seq).length
  }

  closeSequence(seq: SequenceId): void {
    const s = this.sequences.get(seq)
    if (s === undefined) return
    s.kv?.forEach((t) => t.release())
    this.dropKept(seq, s)
    this.sequences.delete(seq)
  }

  async dispose(): Promise<void> {
    if (this.disposed) return
    for (const id of [...this.sequences.keys()]) this.closeSequence(id)
    this.disposed = true
    await this.session.release()
    await this.resizer.release()
    await this.downloader?.release()
    await this.selector?.release()
  }
}

/** Copies a gpu-buffer tensor to the CPU (the Node binding cannot download one itself). */
function downloadGraph(dims: readonly number[]): Uint8Array {
  const b = new GraphBuilder('download')
  const x = b.input('x', 'float', dims)
  b.output(b.op('Identity', [x]), 'y', 'float', dims)
  return b.toBytes()
}

/** Positions [from, to) of a stage input. */
function sliceInput(
  input: StageInput,
  from: number,
  to: number,
  hidden: number,
  headDim: number
): StepRows {
  const rows = (a: Float32Array, width: number): Float32Array =>
    a.subarray(from * width, to * width)
  return {
    ...(input.logits === undefined ? {} : { logits: input.logits }),
    hidden: rows(input.hidden, hidden),
    tokens: to - from,
    ropeCos: rows(input.ropeCos, headDim),
    ropeSin: rows(input.ropeSin, headDim),
    lognScale: input.lognScale.subarray(from, to)
  }
}

/**
 * RotaryEmbedding's half-width cos/sin tables [T, hd/2] from the host's full-width ones; the
 * query's are scaled by the logn factor of their position.
 */
export function halfTables(
  input: Pick<StageInput, 'ropeCos' | 'ropeSin' | 'lognScale'>,
  tokens: number,
  headDim: number
): Record<'rope_cos' | 'rope_sin' | 'rope_cos_q' | 'rope_sin_q', ort.Tensor> {
  const half = headDim / 2
  const cos = new Float32Array(tokens * half)
  const sin = new Float32Array(tokens * half)
  const cosQ = new Float32Array(tokens * half)
  const sinQ = new Float32Array(tokens * half)
  for (let t = 0; t < tokens; t++) {
    const scale = input.lognScale[t]
    for (let j = 0; j < half; j++) {
      const c = input.ropeCos[t * headDim + j]
      const s = input.ropeSin[t * headDim + j]
      cos[t * half + j] = c
      sin[t * half + j] = s
      cosQ[t * half + j] = c * scale
      sinQ[t * half + j] = s * scale
    }
  }
  const dims = [tokens, half]
  return {
    rope_cos: new ort.Tensor('float32', cos, dims),
    rope_sin: new ort.Tensor('float32', sin, dims),
    rope_cos_q: new ort.Tensor('float32', cosQ, dims),
    rope_sin_q: new ort.Tensor('float32', sinQ, dims)
  }
}
