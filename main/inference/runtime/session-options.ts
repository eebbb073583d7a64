// ONNX Runtime session options per backend (ORT-RUNTIME.md §1.4): explicit intra-op threads,
// sequential execution, no spinning when sessions share cores, quiet logs; WebGPU keeps
// present_* K/V on the device and returns hidden/logits to the CPU, and production GQA sessions
// skip Dawn's validation layer.
import { cpus } from 'node:os'
import type { InferenceSession } from 'onnxruntime-node'

export interface CpuSessionSettings {
  /** Intra-op threads; default: every core. */
  threads?: number
  /** True when several sessions share the cores (disables spin-waiting). */
  sharedCores?: boolean
}

/** Options for a host-KV session: the CPU EP, or CUDA / DirectML by device index. */
export function cpuSessionOptions(
  settings: CpuSessionSettings = {},
  device: { kind: 'cpu' | 'cuda' | 'dml' | 'webgpu'; index: number } = { kind: 'cpu', index: 0 }
): InferenceSession.SessionOptions {
  const provider =
    device.kind === 'cuda' || device.kind === 'dml'
      ? { name: device.kind, deviceId: device.index }
      : 'cpu'
  return {
    executionProviders: [provider],
    intraOpNumThreads: settings.threads ?? cpus().length,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
    extra: settings.sharedCores ? { session: { intra_op: { allow_spinning: '0' } } } : {}
  }
}

export function webgpuSessionOptions(
  outputNames: readonly string[]
): InferenceSession.SessionOptions {
  const preferredOutputLocation: Record<string, 'cpu' | 'gpu-buffer'> = {}
  for (const name of outputNames) {
    preferredOutputLocation[name] = name.startsWith('present_') ? 'gpu-buffer' : 'cpu'
  }
  return {
    executionProviders: [{ name: 'webgpu' }],
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
    preferredOutputLocation,
    extra: { session: { intra_op: { allow_spinning: '0' } } }
  }
}

/**
 * The gqa stage's sessions: present_* and logits on the device (logits are read back only when
 * asked for), the greedy id and hidden states to the CPU, WebGPU
 * validation off (Dawn's per-call checks cost CPU time on every dispatch; the graphs are ours
 * and fixed).
 */
export function gqaSessionOptions(outputNames: readonly string[]): InferenceSession.SessionOptions {
  const base = webgpuSessionOptions(outputNames)
  const preferredOutputLocation: Record<string, 'cpu' | 'gpu-buffer'> = {}
  for (const name of outputNames) {
    preferredOutputLocation[name] =
      name.startsWith('present_') || name === 'logits' ? 'gpu-buffer' : 'cpu'
  }
  return {
    ...base,
    preferredOutputLocation,
    executionProviders: [{ name: 'webgpu', validationMode: 'disabled' }],
    extra: { session: { intra_op: { allow_spinning: '0' } } }
  }
}
