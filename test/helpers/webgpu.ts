// Helpers for tests of the WebGPU path: whether this machine has an adapter (SwiftShader
// counts; the tests skip with the reason printed when none exists) and the relative error
// used to compare device results with the CPU stage's.
import * as ort from 'onnxruntime-node'
import { useSwiftShaderIfUnset } from '../../main/inference/devices/webgpu-env'
import { GraphBuilder } from '../../main/inference/onnx/graph-builder'

/** Undefined when a one-node WebGPU session runs here, else why it cannot. */
export async function webgpuUnavailable(): Promise<string | undefined> {
  useSwiftShaderIfUnset()
  const b = new GraphBuilder('probe')
  const x = b.input('x', 'float', [1])
  b.output(b.op('Add', [x, x]), 'y', 'float', [1])
  try {
    const s = await ort.InferenceSession.create(b.toBytes(), {
      executionProviders: [{ name: 'webgpu' }],
      logSeverityLevel: 3
    })
    await s.release()
    return undefined
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}

/** ‖a − b‖ / ‖b‖. */
export function relError(a: Float32Array, b: Float32Array): number {
  let d = 0
  let n = 0
  for (let i = 0; i < b.length; i++) {
    d += (a[i] - b[i]) ** 2
    n += b[i] ** 2
  }
  return Math.sqrt(d / n)
}
