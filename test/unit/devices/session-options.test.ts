// Session presets per backend (ORT-RUNTIME.md §7.5) and the error path of backends that cannot
// run here: the options object is built, then the real ONNX Runtime refuses the provider.
import { describe, expect, it } from 'vitest'
import {
  parseDevice,
  parseDeviceList,
  formatDevice
} from '../../../main/inference/devices/device-ref'
import { DeviceError } from '../../../main/inference/devices/errors'
import {
  backendUnavailableReason,
  sessionOptionsFor,
  type PlatformFacts
} from '../../../main/inference/devices/session-options'
import { createSessionOn, loadOrt } from '../../../main/inference/devices/ort-session'
import { probeModelBytes } from '../../../main/inference/devices/probe-model'

const linuxWith = (files: string[]): PlatformFacts => ({
  platform: 'linux',
  arch: 'x64',
  hasFile: (name) => files.includes(name)
})
const CUDA_FILES = ['libonnxruntime_providers_cuda.so', 'libonnxruntime_providers_shared.so']

async function refusal(run: () => Promise<unknown>): Promise<DeviceError> {
  try {
    await run()
  } catch (error) {
    if (error instanceof DeviceError) return error
    throw error
  }
  throw new Error('expected a DeviceError')
}

describe('device names', () => {
  it('parses and prints cpu, webgpu, cuda:N and dml:N', () => {
    expect(parseDevice('cuda:1')).toEqual({ kind: 'cuda', index: 1 })
    expect(parseDevice(' GPU ')).toEqual({ kind: 'cuda', index: 0 })
    expect(formatDevice(parseDevice('dml:2'))).toBe('dml:2')
    expect(formatDevice(parseDevice('webgpu'))).toBe('webgpu')
    expect(parseDeviceList('webgpu, cpu').map(formatDevice)).toEqual(['webgpu', 'cpu'])
    expect(() => parseDevice('tpu:0')).toThrow(DeviceError)
    expect(() => parseDevice('cpu:1')).toThrow(/only one cpu/)
    expect(() => parseDeviceList('cpu,cpu')).toThrow(/twice/)
  })
})

describe('session presets', () => {
  it('builds the CPU preset with explicit threads, sequential execution and no spinning', () => {
    expect(sessionOptionsFor({ kind: 'cpu', index: 0 }, { cpuThreads: 3 })).toEqual({
      logSeverityLevel: 3,
      interOpNumThreads: 1,
      executionProviders: ['cpu'],
      intraOpNumThreads: 3,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      enableCpuMemArena: true,
      extra: { session: { intra_op: { allow_spinning: '0' } } }
    })
  })

  it('builds GPU presets: one thread, no spinning, deviceId for CUDA/DML, DML without mem pattern', () => {
    const noSpin = { session: { intra_op: { allow_spinning: '0' } } }
    const cuda = sessionOptionsFor(parseDevice('cuda:1'))
    expect(cuda.executionProviders).toEqual([{ name: 'cuda', deviceId: 1 }])
    expect(cuda).toMatchObject({ intraOpNumThreads: 1, extra: noSpin })
    const dml = sessionOptionsFor(parseDevice('dml:0'))
    expect(dml).toMatchObject({
      executionProviders: [{ name: 'dml', deviceId: 0 }],
      enableMemPattern: false,
      executionMode: 'sequential',
      extra: noSpin
    })
    const webgpu = sessionOptionsFor(parseDevice('webgpu'), {
      outputLocations: { present_key_0: 'gpu-buffer', logits: 'cpu' }
    })
    // No deviceId: onnxruntime-node 1.30's WebGPU EP throws on unknown keys.
    expect(webgpu.executionProviders).toEqual([{ name: 'webgpu' }])
    expect(webgpu.preferredOutputLocation).toEqual({ present_key_0: 'gpu-buffer', logits: 'cpu' })
  })

  it('knows where each backend can exist', () => {
    expect(backendUnavailableReason(parseDevice('cuda:0'), linuxWith([]))).toMatch(
      /CUDA provider is not installed/
    )
    expect(backendUnavailableReason(parseDevice('cuda:0'), linuxWith(CUDA_FILES))).toBeNull()
    expect(
      backendUnavailableReason(parseDevice('cuda:0'), {
        ...linuxWith(CUDA_FILES),
        platform: 'win32'
      })
    ).toMatch(/Linux x64 only/)
    expect(backendUnavailableReason(parseDevice('dml:0'), linuxWith([]))).toMatch(/Windows only/)
    expect(
      backendUnavailableReason(parseDevice('dml:0'), { ...linuxWith([]), platform: 'win32' })
    ).toBeNull()
    expect(
      backendUnavailableReason(parseDevice('webgpu'), { ...linuxWith([]), arch: 'arm64' })
    ).toMatch(/arm64/)
  })
})

describe('creating sessions on devices that cannot run here', () => {
  it('refuses CUDA before calling ONNX Runtime when the provider library is missing', async () => {
    const ort = await loadOrt()
    const error = await refusal(() =>
      createSessionOn(ort, probeModelBytes(), parseDevice('cuda:0'), { facts: linuxWith([]) })
    )
    expect(error.code).toBe('PROVIDER_MISSING')
    expect(error.message).toMatch(/libonnxruntime_providers_cuda\.so is missing/)
  })

  it.runIf(process.platform === 'linux')(
    'maps ONNX Runtime’s own refusal of CUDA and DML to provider-missing',
    async () => {
      const ort = await loadOrt()
      // Pretend the files exist so the call reaches ONNX Runtime, which cannot load them here.
      const cuda = await refusal(() =>
        createSessionOn(ort, probeModelBytes(), parseDevice('cuda:0'), {
          facts: linuxWith(CUDA_FILES)
        })
      )
      expect(cuda.code).toBe('PROVIDER_MISSING')
      expect(cuda.message).toMatch(/^cuda:0: the cuda provider cannot be loaded/)
      const dml = await refusal(() =>
        createSessionOn(ort, probeModelBytes(), parseDevice('dml:0'), {
          facts: { ...linuxWith([]), platform: 'win32' }
        })
      )
      expect(dml.code).toBe('PROVIDER_MISSING')
    }
  )

  it('runs the probe model on the CPU', async () => {
    const ort = await loadOrt()
    const session = await createSessionOn(ort, probeModelBytes(), parseDevice('cpu'))
    const a = new ort.Tensor('float32', Float32Array.from([1, 2, 3, 4]), [4])
    const out = await session.run({ a, b: a })
    expect(Array.from(out.c.data as Float32Array)).toEqual([2, 4, 6, 8])
    await session.release()
  })
})
