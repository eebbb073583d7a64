// ONNX Runtime session options per backend (ORT-RUNTIME.md §7.5) and where each backend's
// provider can exist. Pure: building the options object never touches ONNX Runtime.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'
import type { InferenceSession } from 'onnxruntime-node'
import { formatDevice, type DeviceRef } from './device-ref'

export interface SessionOptionWishes {
  /** Intra-op threads of a CPU session (default: cores - 1, at least 1). */
  cpuThreads?: number
  /** Per-output locations for WebGPU sessions: KV outputs 'gpu-buffer', the rest 'cpu'. */
  outputLocations?: Record<string, 'cpu' | 'gpu-buffer'>
  logSeverityLevel?: 0 | 1 | 2 | 3 | 4
}

const NO_SPINNING = { session: { intra_op: { allow_spinning: '0' } } }

export function sessionOptionsFor(
  device: DeviceRef,
  wishes: SessionOptionWishes = {}
): InferenceSession.SessionOptions {
  const common = { logSeverityLevel: wishes.logSeverityLevel ?? 3, interOpNumThreads: 1 }
  switch (device.kind) {
    case 'cpu':
      return {
        ...common,
        executionProviders: ['cpu'],
        intraOpNumThreads: Math.max(1, wishes.cpuThreads ?? 1),
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
        enableCpuMemArena: true
      }
    case 'webgpu':
      // validationMode stays at its default ('basic'): 'disabled' can crash the process.
      return {
        ...common,
        executionProviders: [{ name: 'webgpu' }],
        intraOpNumThreads: 1,
        extra: NO_SPINNING,
        ...(wishes.outputLocations ? { preferredOutputLocation: wishes.outputLocations } : {})
      }
    case 'cuda':
      return {
        ...common,
        executionProviders: [{ name: 'cuda', deviceId: device.index }],
        intraOpNumThreads: 1,
        graphOptimizationLevel: 'all',
        extra: NO_SPINNING
      }
    case 'dml':
      return {
        ...common,
        executionProviders: [{ name: 'dml', deviceId: device.index }],
        intraOpNumThreads: 1,
        executionMode: 'sequential',
        enableMemPattern: false,
        extra: NO_SPINNING
      }
  }
}

/** Folder of the native binding for this platform, where provider libraries must sit. */
export function ortBinaryFolder(): string {
  const require = createRequire(import.meta.url)
  const packageJson = require.resolve('onnxruntime-node/package.json')
  return join(dirname(packageJson), 'bin', 'napi-v6', process.platform, process.arch)
}

export interface PlatformFacts {
  platform: NodeJS.Platform
  arch: string
  /** Files present in the binding folder (only the provider libraries matter). */
  hasFile(name: string): boolean
}

export function hostPlatform(): PlatformFacts {
  const folder = ortBinaryFolder()
  return {
    platform: process.platform,
    arch: process.arch,
    hasFile: (name) => existsSync(join(folder, name))
  }
}

/**
 * Why a backend cannot exist on this machine whatever the hardware (null when it can).
 * Facts from ORT-RUNTIME.md §1.1-1.2: CUDA needs the provider libraries fetched at install,
 * DirectML ships on Windows only, WebGPU is missing from the Linux arm64 and macOS x64 builds.
 */
export function backendUnavailableReason(device: DeviceRef, facts: PlatformFacts): string | null {
  const name = formatDevice(device)
  switch (device.kind) {
    case 'cpu':
      return null
    case 'cuda':
      if (facts.platform !== 'linux' || facts.arch !== 'x64') {
        return `${name}: the CUDA provider of onnxruntime-node exists for Linux x64 only`
      }
      if (
        !facts.hasFile('libonnxruntime_providers_cuda.so') ||
        !facts.hasFile('libonnxruntime_providers_shared.so')
      ) {
        return `${name}: the CUDA provider is not installed (libonnxruntime_providers_cuda.so is missing; reinstall with ONNXRUNTIME_NODE_INSTALL=cuda12)`
      }
      return null
    case 'dml':
      return facts.platform === 'win32' ? null : `${name}: DirectML exists on Windows only`
    case 'webgpu':
      if (facts.platform === 'linux' && facts.arch !== 'x64')
        return 'webgpu: onnxruntime-node has no WebGPU build for Linux arm64'
      if (facts.platform === 'darwin' && facts.arch !== 'arm64')
        return 'webgpu: onnxruntime-node 1.30 ships no macOS x64 binding'
      return null
  }
}
