// Parsers of driver tool output and of the probe child's outcome, on recorded samples.
import { describe, expect, it } from 'vitest'
import {
  parseNvidiaSmi,
  parseVulkanSummary,
  parseWindowsAdapters
} from '../../../main/inference/devices/gpu-info'
import { readProbeOutcome } from '../../../main/inference/devices/probe-backend'
import { defaultOrder, type DeviceInfo } from '../../../main/inference/devices/list-devices'

const MIB = 1024 * 1024

describe('nvidia-smi', () => {
  it('reads index, name (commas included), total and free memory in MiB', () => {
    const csv =
      '0, NVIDIA H100 80GB HBM3, 81559, 81008\n1, NVIDIA GeForce RTX 4090, 24564, 23000\n\nNo devices were found\n'
    expect(parseNvidiaSmi(csv)).toEqual([
      { index: 0, name: 'NVIDIA H100 80GB HBM3', totalBytes: 81559 * MIB, freeBytes: 81008 * MIB },
      { index: 1, name: 'NVIDIA GeForce RTX 4090', totalBytes: 24564 * MIB, freeBytes: 23000 * MIB }
    ])
  })
})

describe('DirectML adapters (Windows WMI listing)', () => {
  it('reads an array, drops the Basic Render Driver and unknown memory', () => {
    const json = JSON.stringify([
      { Name: 'NVIDIA GeForce RTX 3060', AdapterRAM: 4293918720 },
      { Name: 'Microsoft Basic Render Driver', AdapterRAM: 0 },
      { Name: 'Intel(R) UHD Graphics 770', AdapterRAM: null }
    ])
    expect(parseWindowsAdapters(json)).toEqual([
      { index: 0, name: 'NVIDIA GeForce RTX 3060', totalBytes: 4293918720 },
      { index: 1, name: 'Intel(R) UHD Graphics 770', totalBytes: null }
    ])
  })

  it('reads the single-object form PowerShell prints for one adapter', () => {
    expect(
      parseWindowsAdapters('{ "Name": "AMD Radeon RX 7900 XTX", "AdapterRAM": 536870912 }')
    ).toEqual([{ index: 0, name: 'AMD Radeon RX 7900 XTX', totalBytes: 536870912 }])
    expect(parseWindowsAdapters('')).toEqual([])
  })
})

describe('vulkaninfo and the probe child', () => {
  it('reads device names from vulkaninfo --summary', () => {
    const text =
      'GPU0:\n\tdeviceName         = NVIDIA GeForce RTX 4090\nGPU1:\n\tdeviceName = llvmpipe (LLVM 15.0.6, 256 bits)\n'
    expect(parseVulkanSummary(text)).toEqual([
      'NVIDIA GeForce RTX 4090',
      'llvmpipe (LLVM 15.0.6, 256 bits)'
    ])
  })

  it("reads the probe's result, and explains a crash, a timeout or a silent exit", () => {
    expect(readProbeOutcome({ ok: true, ms: 87 }, 'code 0', false)).toEqual({ ok: true, ms: 87 })
    expect(readProbeOutcome(undefined, 'signal SIGSEGV', false)).toEqual({
      ok: false,
      error: 'the probe process crashed (SIGSEGV)'
    })
    const ort =
      '/onnxruntime_src/onnxruntime/core/providers/webgpu/webgpu_context.cc:136 onnxruntime::webgpu::WebGpuContext::Initialize(const onnxruntime::webgpu::WebGpuContextConfig&)::<lambda()> adapter_result.status == wgpu::RequestAdapterStatus::Success was false. Failed to get a WebGPU adapter: No supported adapters\n'
    expect(readProbeOutcome({ ok: false, error: ort }, null, false)).toEqual({
      ok: false,
      error: 'Failed to get a WebGPU adapter: No supported adapters'
    })
    expect(readProbeOutcome(undefined, 'signal SIGTERM', true).error).toMatch(/timed out/)
    expect(readProbeOutcome(undefined, 'code 3', false).error).toBe(
      'the probe process ended with no result (code 3)'
    )
    expect(readProbeOutcome({ ok: 'yes' }, 'code 0', false).error).toMatch(/malformed/)
  })
})

describe('default device order', () => {
  const device = (id: string, extra: Partial<DeviceInfo> = {}): DeviceInfo => {
    const [kind, index] = id.split(':')
    return {
      id,
      kind: kind as DeviceInfo['kind'],
      index: Number(index ?? 0),
      name: id,
      usable: true,
      totalBytes: 1,
      freeBytes: 1,
      memorySource: 'os',
      budgetBytes: 1,
      ...extra
    }
  }

  it('uses every CUDA GPU when there are several, else WebGPU, never a software adapter', () => {
    expect(
      defaultOrder([device('cpu'), device('webgpu'), device('cuda:0'), device('cuda:1')])
    ).toEqual(['cuda:0', 'cuda:1', 'cpu'])
    expect(defaultOrder([device('cpu'), device('webgpu'), device('cuda:0')])).toEqual([
      'webgpu',
      'cpu'
    ])
    expect(
      defaultOrder([
        device('cpu'),
        device('webgpu', { software: true }),
        device('cuda:0', { usable: false })
      ])
    ).toEqual(['cpu'])
    expect(
      defaultOrder([device('cpu'), device('webgpu', { usable: false }), device('dml:0')])
    ).toEqual(['dml:0', 'cpu'])
  })
})
