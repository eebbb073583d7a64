// One worker thread per device (or per explicit worker key): started on first use, shared by
// every stage and vision part placed there, terminated when the last of them is released. A
// device whose backend pins it per process (WebGPU) gets a child process instead, started with
// the environment that selects its adapter.
import { backendOf } from '../devices/backends/registry'
import type { DeviceRef } from '../devices/device-ref'
import { formatDevice } from '../devices/device-ref'
import { processTransport, threadTransport } from './stage-transport'
import { DeviceWorker } from './worker-client'
import { resolveStageWorkerEntry } from './worker-entry-path'
import { StageWorkerError } from './worker-errors'

interface Entry {
  worker: Promise<DeviceWorker>
  users: number
}

export class WorkerPool {
  private readonly workers = new Map<string, Entry>()
  private nextKey = 1
  private readonly threadEntry: () => string

  constructor(entryPath?: string) {
    this.threadEntry = () => entryPath ?? resolveStageWorkerEntry()
  }

  /** A worker for `device`; `key` separates workers on one device (bench stand-ins for GPUs). */
  async acquire(
    device: DeviceRef,
    key: string = formatDevice(device)
  ): Promise<{ worker: DeviceWorker; release: () => Promise<void> }> {
    let entry = this.workers.get(key)
    if (!entry) {
      entry = { worker: this.start(device, key), users: 0 }
      this.workers.set(key, entry)
    }
    entry.users += 1
    const held = entry
    let released = false
    const release = async (): Promise<void> => {
      if (released) return
      released = true
      held.users -= 1
      if (held.users === 0 && this.workers.get(key) === held) {
        this.workers.delete(key)
        await (await held.worker.catch(() => undefined))?.terminate()
      }
    }
    try {
      return { worker: await entry.worker, release }
    } catch (error) {
      await release()
      throw error
    }
  }

  /** Ids for stages and vision parts, unique across this pool's workers. */
  key(): number {
    return this.nextKey++
  }

  async close(): Promise<void> {
    const entries = [...this.workers.values()]
    this.workers.clear()
    await Promise.all(
      entries.map(async (entry) => (await entry.worker.catch(() => undefined))?.terminate())
    )
  }

  private async start(device: DeviceRef, key: string): Promise<DeviceWorker> {
    const pinning = backendOf(device.kind).stageProcess
    if (!pinning) {
      const entry = this.threadEntry()
      return DeviceWorker.start(`worker ${key}`, () => threadTransport(entry))
    }
    const name = formatDevice(device)
    let env: Record<string, string>
    try {
      env = await pinning.env(device.index)
    } catch (error) {
      throw new StageWorkerError(
        'CANNOT_START',
        `the stage process for ${name} cannot start: ${(error as Error).message}`
      )
    }
    return DeviceWorker.start(`stage process for ${name}`, () => processTransport({ env }))
  }
}
