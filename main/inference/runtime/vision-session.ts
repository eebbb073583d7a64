// Runs the package's vision tower (vision.onnx): preprocessed pixels [N,3,S,S] → image
// embeddings [N, queries, hidden], on the CPU (or WebGPU for fp32 packages).
import * as ort from 'onnxruntime-node'
import type { DeviceRef } from '../devices/device-ref'
import { sessionOptionsFor } from '../devices/session-options'
import type { ModelPackage } from '../package/model-package'
import { VISION_GRAPH_FILE } from '../package/tensor-names'
import { RuntimeError } from './errors'
import type { CreateStageOptions } from './stage'

export class VisionEncoder {
  private constructor(
    private session: ort.InferenceSession | undefined,
    readonly imageSize: number,
    readonly queries: number,
    readonly hidden: number
  ) {}

  static async open(
    pkg: ModelPackage,
    options: Pick<CreateStageOptions, 'threads'> & { device?: DeviceRef } = {}
  ): Promise<VisionEncoder> {
    const sessionOptions = sessionOptionsFor(options.device ?? { kind: 'cpu', index: 0 }, {
      cpuThreads: options.threads
    })
    const session = await ort.InferenceSession.create(pkg.path(VISION_GRAPH_FILE), sessionOptions)
    const { vision, qformer, llm } = pkg.manifest.arch
    return new VisionEncoder(session, vision.imageSize, qformer.queries, llm.hidden)
  }

  /** `pixels` holds `count` images [3,S,S] back to back; returns [count, queries, hidden]. */
  async encode(pixels: Float32Array, count: number): Promise<Float32Array> {
    if (this.session === undefined)
      throw new RuntimeError('DISPOSED', 'the vision encoder was disposed')
    const per = 3 * this.imageSize * this.imageSize
    if (count < 1 || pixels.length !== count * per) {
      throw new RuntimeError(
        'BAD_INPUT',
        `expected ${count} images of ${per} values, got ${pixels.length} values`
      )
    }
    const input = new ort.Tensor('float32', pixels, [count, 3, this.imageSize, this.imageSize])
    const out = await this.session.run({ pixel_values: input })
    return out.image_embeds.data as Float32Array
  }

  async dispose(): Promise<void> {
    const session = this.session
    this.session = undefined
    await session?.release()
  }
}
