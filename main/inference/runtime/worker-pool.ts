// One worker thread per device (or per explicit worker key): started on first use, shared by
// every stage and vision part placed there, terminated when the last of them is released.
import type { DeviceRef } from '../devices/device-ref'
import { formatDevice } from '../devices/device-ref'
import { DeviceWorker } from './worker-client'
import { resolveStageWorkerEntry } from './worker-entry-path'

interface Entry {
  worker: Promise<DeviceWorker>
  users: number
}

export class WorkerPool {
  private readonly workers = new Map<string, Entry>()
  private nextKey = 1

  constructor(private readonly entryPath: string = resolveStageWorkerEntry()) {}

  /** A worker for `device`; `key` separates workers on one device (bench stand-ins for GPUs). */
  async acquire(
    device: DeviceRef,
    key: string = formatDevice(device)
  ): Promise<{ worker: DeviceWorker; release: () => Promise<void> }> {
    let entry = this.workers.get(key)
    if (!entry) {
      entry = { worker: DeviceWorker.start(key, this.entryPath), users: 0 }
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
        await (await held.worker).terminate()
      }
    }
    return { worker: await entry.worker, release }
  }

  /** Ids for stages and vision parts, unique across this pool's workers. */
  key(): number {
    return this.nextKey++
  }

  async close(): Promise<void> {
    const entries = [...this.workers.values()]
    this.workers.clear()
    await Promise.all(entries.map(async (entry) => (await entry.worker).terminate()))
  }
}
