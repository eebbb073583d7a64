// Whether the WebGPU adapter onnxruntime-node picked can run float16 shaders (`shader-f16`).
// The Node binding exposes no adapter features, so this runs a one-node float16 graph once per
// thread: adapters without the feature fail it ("requires f16 but the device does not support
// it", as SwiftShader does) and the fp32 graph is used instead.
import * as ort from 'onnxruntime-node'
import { GraphBuilder } from '../onnx/graph-builder'

let cached: Promise<boolean> | undefined

function f16ProbeGraph(): Uint8Array {
  const b = new GraphBuilder('f16_probe')
  const x = b.input('x', 'float16', [2])
  b.output(b.op('Mul', [x, x]), 'y', 'float16', [2])
  return b.toBytes()
}

async function probe(): Promise<boolean> {
  let session: ort.InferenceSession | undefined
  try {
    session = await ort.InferenceSession.create(f16ProbeGraph(), {
      executionProviders: [{ name: 'webgpu' }],
      logSeverityLevel: 4
    })
    // 3 and 1.5 in IEEE half precision; squares 9 and 2.25.
    const x = new ort.Tensor('float16', Uint16Array.from([0x4200, 0x3e00]), [2])
    const y = (await session.run({ x })).y.data as Uint16Array
    return y[0] === 0x4880 && y[1] === 0x4080
  } catch {
    return false
  } finally {
    await session?.release()
  }
}

/** True when float16 kernels run on this thread's WebGPU device (probed once). */
export function webgpuHasShaderF16(): Promise<boolean> {
  cached ??= probe()
  return cached
}
