// A WebGPU adapter's own memory facts: vulkaninfo's text (a real SwiftShader run, and a
// two-GPU sample with a memory budget) gives the first device's buffer limits and device-local
// heap; and the limits discovery reports for the SwiftShader adapter are the ones Chromium's
// navigator.gpu reports for the same driver (read through playwright-core, an independent Dawn).
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { parseVulkanInfo } from '../../../main/inference/devices/adapter-limits'
import { webgpuBackend } from '../../../main/inference/devices/backends/webgpu'
import { hostPlatform } from '../../../main/inference/devices/platform'
import { SWIFTSHADER_ICD } from '../../../main/inference/devices/webgpu-env'

const GIB = 1024 ** 3

describe('vulkaninfo', () => {
  it("reads SwiftShader's limits and heap from a real run", () => {
    const text = readFileSync(
      join(import.meta.dirname, 'fixtures/vulkaninfo-swiftshader.txt'),
      'utf8'
    )
    // maxStorageBufferRange = 1073741824, maxMemoryAllocationSize = maxBufferSize = 0x40000000,
    // one DEVICE_LOCAL heap of 2147483648 bytes and no budget line.
    expect(parseVulkanInfo(text)).toEqual({
      limits: { maxBufferSize: GIB, maxStorageBufferBindingSize: GIB, source: 'vulkaninfo' },
      heap: { totalBytes: 2 * GIB, freeBytes: 2 * GIB }
    })
  })

  it("takes the first device, the smaller buffer cap, and the heap's budget less its usage", () => {
    const text = [
      'GPU0:',
      '\tdeviceName        = NVIDIA GeForce RTX 4090',
      '\tmaxStorageBufferRange                           = 4294967295',
      '\tmaxMemoryAllocationSize = 0x3fffffffff',
      '\tmaxBufferSize = 0x80000000',
      'memoryHeaps: count = 2',
      '\tmemoryHeaps[0]:',
      '\t\tsize   = 25757220864 (0x5ff400000) (23.99 GiB)',
      '\t\tbudget = 24000000000 (0x596682f00) (22.35 GiB)',
      '\t\tusage  = 1000000000 (0x3b9aca00) (953.67 MiB)',
      '\t\tflags: count = 1',
      '\t\t\tMEMORY_HEAP_DEVICE_LOCAL_BIT',
      '\tmemoryHeaps[1]:',
      '\t\tsize   = 16000000000 (0x3b9aca000) (14.90 GiB)',
      '\t\tflags:',
      '\t\t\tNone',
      'memoryTypes: count = 1',
      'GPU1:',
      '\tmaxStorageBufferRange                           = 134217728',
      '\tmaxBufferSize = 0x8000000'
    ].join('\n')
    expect(parseVulkanInfo(text)).toEqual({
      limits: {
        maxBufferSize: 0x80000000,
        maxStorageBufferBindingSize: 4294967295,
        source: 'vulkaninfo'
      },
      heap: { totalBytes: 25757220864, freeBytes: 23000000000 }
    })
    expect(parseVulkanInfo('ERROR: no Vulkan driver')).toEqual({})
  })
})

interface Gpu {
  requestAdapter(): Promise<{
    limits: { maxBufferSize: number; maxStorageBufferBindingSize: number }
  } | null>
}

let server: Server | undefined
afterAll(() => server?.close())

/** navigator.gpu's adapter limits in Chromium on SwiftShader (a secure origin: localhost). */
async function chromiumLimits(): Promise<{
  maxBufferSize: number
  maxStorageBufferBindingSize: number
}> {
  server = createServer((_, response) => response.end('<!doctype html><title>gpu</title>'))
  const listening = server.listen(0, '127.0.0.1')
  await new Promise((resolve) => listening.once('listening', resolve))
  const address = listening.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader'],
    env: { ...process.env, VK_ICD_FILENAMES: SWIFTSHADER_ICD }
  })
  try {
    const page = await browser.newPage()
    await page.goto(`http://127.0.0.1:${address.port}/`)
    return await page.evaluate(async () => {
      // The page's WebGPU API; the Node-side type checks know no DOM.
      const { gpu } = (globalThis as unknown as { navigator: { gpu: Gpu } }).navigator
      const adapter = await gpu.requestAdapter()
      if (!adapter) throw new Error('Chromium found no WebGPU adapter')
      return {
        maxBufferSize: adapter.limits.maxBufferSize,
        maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize
      }
    })
  } finally {
    await browser.close()
  }
}

describe('SwiftShader adapter', () => {
  it("reports the limits Chromium's navigator.gpu reports", async () => {
    const chromiumSays = await chromiumLimits()
    const saved = process.env.VK_ICD_FILENAMES
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD
    try {
      const [adapter] = await webgpuBackend.discover({
        facts: hostPlatform(),
        nvidiaGpus: () => Promise.resolve([])
      })
      expect(adapter.software).toBe(true)
      expect(adapter.limits).toMatchObject(chromiumSays)
      // SwiftShader draws on system RAM; its Vulkan heap figure is not memory it has.
      expect(adapter.memorySource).toBe('system-ram')
    } finally {
      if (saved === undefined) delete process.env.VK_ICD_FILENAMES
      else process.env.VK_ICD_FILENAMES = saved
    }
  }, 60_000)
})
