// The resize helper thread, seen from the resizing thread: started on the first large image,
// bound to each new shared memory, given part of the rows of the horizontal pass, and waited
// for with Atomics (the resize API is synchronous). A helper that is not running yet, is not
// built, fails or goes quiet leaves its rows to the caller; the result is the same either way.
import { Worker } from 'node:worker_threads'
import { findBuiltEntry } from '../built-entry'
import type { ResizeHelperMessage } from './resize-worker-protocol'
import type { WasmMemory, WasmModule } from './wasm-api'

export const RESIZE_WORKER_FILE = 'resize-worker.js'

// The helper's rows take about as long as the caller's; this much longer means it is lost.
const STALL_FACTOR = 4
const MIN_WAIT_MS = 1000

interface Helper {
  worker: Worker
  online: boolean
  bound?: { module: WasmModule; memory: WasmMemory }
}

let helper: Helper | undefined
let lastJob = 0
let jobsDone = 0

function post(target: Helper, message: ResizeHelperMessage): void {
  target.worker.postMessage(message)
}

function stop(target: Helper): void {
  if (helper === target) helper = undefined
  void target.worker.terminate()
}

/** Starts the helper if it is built; resolves true once it can take rows. */
export function startResizeHelper(): Promise<boolean> {
  if (helper) {
    const current = helper
    if (current.online) return Promise.resolve(true)
    return new Promise((resolve) => {
      current.worker.once('online', () => resolve(true))
      current.worker.once('exit', () => resolve(false))
    })
  }
  const entry = findBuiltEntry(RESIZE_WORKER_FILE)
  if (!entry) return Promise.resolve(false)
  const started: Helper = { worker: new Worker(entry), online: false }
  helper = started
  started.worker.unref()
  return new Promise((resolve) => {
    started.worker.once('online', () => {
      started.online = true
      resolve(true)
    })
    started.worker.once('error', () => stop(started))
    started.worker.once('exit', () => {
      if (helper === started) helper = undefined
      resolve(false)
    })
  })
}

/** Ends the helper thread (it is started again on demand). */
export function stopResizeHelper(): void {
  if (helper) stop(helper)
}

/** Lets the helper drop its hold on the memory it was last given, which is being released. */
export function releaseHelperMemory(): void {
  if (!helper?.bound) return
  post(helper, { kind: 'release' })
  helper.bound = undefined
}

/** How many row jobs the helper has finished in this process (for tests and benchmarks). */
export function resizeHelperJobs(): number {
  return jobsDone
}

export interface HelperJob {
  /** Waits until the helper's rows are written; false when the caller must write them. */
  finish(callerMs: number): boolean
}

/**
 * Hands `args` (the horizontal kernel's arguments for part of the rows) to the helper, or
 * returns undefined when there is no running helper: the caller then runs them itself.
 * `done` is one Int32 inside `memory`, where the helper reports the job.
 */
export function runOnHelper(
  module: WasmModule,
  memory: WasmMemory,
  done: Int32Array,
  args: number[]
): HelperJob | undefined {
  const target = helper
  if (!target?.online) {
    if (!target) void startResizeHelper()
    return undefined
  }
  if (target.bound?.module !== module || target.bound.memory !== memory) {
    post(target, { kind: 'bind', module, memory, doneAt: done.byteOffset })
    target.bound = { module, memory }
  }
  const job = ++lastJob
  Atomics.store(done, 0, 0)
  post(target, { kind: 'hpass', job, args })
  return {
    finish(callerMs: number): boolean {
      const deadline = performance.now() + Math.max(MIN_WAIT_MS, callerMs * STALL_FACTOR)
      for (;;) {
        const state = Atomics.load(done, 0)
        if (state === job) {
          jobsDone++
          return true
        }
        const left = deadline - performance.now()
        if (state === -job || left <= 0) {
          // A helper that failed or stalled is ended, so it cannot write into this memory later.
          stop(target)
          return false
        }
        Atomics.wait(done, 0, state, left)
      }
    }
  }
}
