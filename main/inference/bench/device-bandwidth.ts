// Each stage device's own copy bandwidth, the ceiling of a weight-streaming decode there: the CPU
// by a large memory copy, WebGPU by a tiny ONNX Runtime graph that streams a large gpu-buffer
// tensor through the device. Both in the STREAM convention: bytes read + bytes written per second.
import * as ort from 'onnxruntime-node'
import { GraphBuilder } from '../onnx/graph-builder'

/** Memory copy bandwidth of the host in bytes/s (best of `runs` copies of `bytes`). */
export function cpuCopyBandwidth(bytes = 256 * 1024 * 1024, runs = 5): number {
  const source = Buffer.alloc(bytes, 1)
  const target = Buffer.alloc(bytes)
  source.copy(target)
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    source.copy(target)
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  return (2 * bytes) / (times[0] / 1000)
}

/** Full passes over the tensor per session.run, so one host sync covers many passes. */
const PASSES = 8

/**
 * x [n] → PASSES chained `Add(·, s)` → y (kept on the device) and y[0] (read back, which waits
 * for the device to finish). `s` is a graph input, so no optimiser can fold the passes away.
 */
function copyGraph(elements: number): Uint8Array {
  const b = new GraphBuilder('device_copy')
  let value = b.input('x', 'float', [elements])
  const step = b.input('s', 'float', [1])
  for (let i = 0; i < PASSES; i++) value = b.op('Add', [value, step])
  b.output(value, 'y', 'float', [elements])
  const first = b.op('Slice', [value, b.constInt64([0]), b.constInt64([1]), b.constInt64([0])])
  b.output(first, 'y0', 'float', [1])
  return b.toBytes()
}

export interface DeviceCopyFigures {
  bytesPerSec: number
  /** y[0] after every run: x[0] + runs x PASSES x s, so the work is known to have happened. */
  lastValue: number
  expectedLastValue: number
}

/**
 * WebGPU copy bandwidth in bytes/s: the tensor lives in a gpu-buffer and is fed back as the next
 * run's input, so after the first upload nothing crosses the bus but one float per run. Best of
 * `runs` timed runs after a warm-up.
 */
export async function webgpuCopyBandwidth(
  bytes = 256 * 1024 * 1024,
  runs = 8
): Promise<DeviceCopyFigures> {
  const elements = Math.floor(bytes / 4)
  const session = await ort.InferenceSession.create(copyGraph(elements), {
    executionProviders: [{ name: 'webgpu' }],
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
    preferredOutputLocation: { y: 'gpu-buffer', y0: 'cpu' }
  })
  const s = new ort.Tensor('float32', Float32Array.of(1 / 1024), [1])
  let x: ort.Tensor = new ort.Tensor('float32', new Float32Array(elements).fill(1), [elements])
  let best = Infinity
  let lastValue = Number.NaN
  try {
    for (let run = 0; run <= runs; run++) {
      const started = performance.now()
      const out = await session.run({ x, s })
      const elapsed = performance.now() - started
      if (run > 0) best = Math.min(best, elapsed)
      if (x.location === 'gpu-buffer') x.dispose()
      x = out.y
      lastValue = (out.y0.data as Float32Array)[0]
    }
  } finally {
    if (x.location === 'gpu-buffer') x.dispose()
    await session.release()
  }
  return {
    bytesPerSec: (PASSES * 2 * elements * 4) / (best / 1000),
    lastValue,
    expectedLastValue: 1 + ((runs + 1) * PASSES) / 1024
  }
}
