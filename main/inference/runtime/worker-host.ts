// The worker side of a device worker: owns the decoder stages and vision parts placed on one
// device, runs the protocol's messages strictly in arrival order (ONNX Runtime blocks this thread
// anyway), and maps the host's sequence ids onto each stage's own.
import type { InferenceSession } from 'onnxruntime-node'
import { createSessionOn, loadOrt } from '../devices/ort-session'
import { ModelPackage } from '../package/model-package'
import { createStage } from './create-stage'
import type { DecoderStage, SequenceId } from './stage'
import { fromWire } from './stage-wire'
import {
  toWorkerSchema,
  transferablesOf,
  type FromWorker,
  type RemoteError,
  type ToWorker
} from './worker-protocol'

type Send = (message: FromWorker, transfer?: ArrayBuffer[]) => void

interface HostedStage {
  stage: DecoderStage
  /** Host-side sequence id -> the stage's own id. */
  sequences: Map<number, SequenceId>
}

export class WorkerHost {
  private readonly stages = new Map<number, HostedStage>()
  private readonly vision = new Map<number, InferenceSession>()
  private readonly packages = new Map<string, Promise<ModelPackage>>()
  private queue: Promise<void> = Promise.resolve()

  constructor(private readonly send: Send) {}

  receive(raw: unknown): void {
    const parsed = toWorkerSchema.safeParse(raw)
    if (!parsed.success) {
      this.send({
        kind: 'error',
        call: null,
        error: { name: 'ProtocolError', message: `bad message: ${parsed.error.issues[0].message}` }
      })
      return
    }
    const message = parsed.data
    this.queue = this.queue.then(() =>
      this.handle(message).catch((error: unknown) => {
        this.send({
          kind: 'error',
          call: 'call' in message ? message.call : null,
          error: toRemote(error)
        })
      })
    )
  }

  private async handle(message: ToWorker): Promise<void> {
    switch (message.kind) {
      case 'load-stage': {
        const progress = (done: number, text: string): void =>
          this.send({ kind: 'progress', call: message.call, done, total: 2, message: text })
        progress(0, `opening the package for layers ${message.spec.layers.join('-')}`)
        const pkg = await this.openPackage(message.pkgDir)
        progress(
          1,
          `creating the session for layers ${message.spec.layers.join('-')} on ${message.spec.device.kind}`
        )
        const stage = await createStage(pkg, message.spec, {
          threads: message.threads,
          ...(message.deviceTopK === undefined ? {} : { deviceTopK: message.deviceTopK })
        })
        this.stages.set(message.stage, { stage, sequences: new Map() })
        progress(2, 'loaded')
        this.reply(message.call, null)
        return
      }
      case 'forward': {
        const hosted = this.hosted(message.stage)
        const output = await hosted.stage.forward(
          this.sequence(hosted, message.seq),
          fromWire(message.input)
        )
        this.send(
          { kind: 'result', call: message.call, value: output },
          transferablesOf([output.hidden, output.logits])
        )
        return
      }
      case 'full-logits': {
        const hosted = this.hosted(message.stage)
        // Copied, not transferred: the stage keeps them until the sequence moves on.
        const logits = await hosted.stage.fullLogits(this.sequence(hosted, message.seq))
        this.reply(message.call, logits)
        return
      }
      case 'open': {
        const hosted = this.hosted(message.stage)
        hosted.sequences.set(message.seq, hosted.stage.openSequence())
        return
      }
      case 'fork': {
        const hosted = this.hosted(message.stage)
        hosted.sequences.set(message.to, hosted.stage.fork(this.sequence(hosted, message.from)))
        return
      }
      case 'truncate': {
        const hosted = this.hosted(message.stage)
        hosted.stage.truncate(this.sequence(hosted, message.seq), message.length)
        return
      }
      case 'close': {
        const hosted = this.hosted(message.stage)
        hosted.stage.closeSequence(this.sequence(hosted, message.seq))
        hosted.sequences.delete(message.seq)
        return
      }
      case 'dispose-stage': {
        const hosted = this.stages.get(message.stage)
        this.stages.delete(message.stage)
        await hosted?.stage.dispose()
        this.reply(message.call, null)
        return
      }
      case 'load-vision': {
        const ort = await loadOrt()
        this.send({
          kind: 'progress',
          call: message.call,
          done: 0,
          total: 1,
          message: 'creating the vision session'
        })
        const session = await createSessionOn(ort, message.graphPath, message.device, {
          cpuThreads: message.threads
        })
        this.vision.set(message.part, session)
        this.send({ kind: 'progress', call: message.call, done: 1, total: 1, message: 'loaded' })
        this.reply(message.call, null)
        return
      }
      case 'run-vision': {
        const ort = await loadOrt()
        const session = this.vision.get(message.part)
        if (!session) throw new Error(`no vision part ${message.part} on this worker`)
        const result = await session.run({
          [message.inputName]: new ort.Tensor('float32', message.input, message.dims)
        })
        const tensor = result[message.outputName]
        const output = tensor.data as Float32Array
        this.send(
          { kind: 'result', call: message.call, value: { output, dims: [...tensor.dims] } },
          transferablesOf([output])
        )
        return
      }
      case 'echo': {
        const hidden = message.input.hidden
        this.send(
          { kind: 'result', call: message.call, value: { hidden } },
          transferablesOf([hidden])
        )
        return
      }
      case 'dispose-vision': {
        const session = this.vision.get(message.part)
        this.vision.delete(message.part)
        await session?.release()
        this.reply(message.call, null)
        return
      }
    }
  }

  private reply(call: number, value: unknown): void {
    this.send({ kind: 'result', call, value })
  }

  private openPackage(dir: string): Promise<ModelPackage> {
    let pkg = this.packages.get(dir)
    if (!pkg) {
      // The host verified hashes before planning; here sizes are enough.
      pkg = ModelPackage.open(dir, { verify: 'size' })
      this.packages.set(dir, pkg)
    }
    return pkg
  }

  private hosted(stage: number): HostedStage {
    const hosted = this.stages.get(stage)
    if (!hosted) throw new Error(`stage ${stage} is not loaded on this worker`)
    return hosted
  }

  private sequence(hosted: HostedStage, seq: number): SequenceId {
    const id = hosted.sequences.get(seq)
    if (id === undefined)
      throw new Error(`sequence ${seq} is not open on stage ${hosted.stage.spec.layers.join('-')}`)
    return id
  }
}

function toRemote(error: unknown): RemoteError {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code
    return {
      name: error.name,
      message: error.message,
      ...(typeof code === 'string' ? { code } : {})
    }
  }
  return { name: 'Error', message: String(error) }
}
