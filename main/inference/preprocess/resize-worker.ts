// worker_threads entry of the resize helper (built to out/main/resize-worker.js): runs the
// horizontal pass over the rows it is given, in the memory it shares with the resizing thread.
import { parentPort } from 'node:worker_threads'
import { ResizeHelperMessageSchema } from './resize-worker-protocol'
import { wasmApi } from './wasm-api'
import type { Kernel } from './wasm-api'

let hpass: Kernel | undefined
let done: Int32Array | undefined

function receive(raw: unknown): void {
  const message = ResizeHelperMessageSchema.parse(raw)
  if (message.kind === 'bind') {
    if (!wasmApi) throw new Error('this runtime has no WebAssembly')
    const { exports } = new wasmApi.Instance(message.module, { env: { memory: message.memory } })
    hpass = exports.hpass as Kernel
    done = new Int32Array(message.memory.buffer, message.doneAt, 1)
    return
  }
  if (message.kind === 'release') {
    hpass = undefined
    done = undefined
    return
  }
  if (!hpass || !done) throw new Error('rows arrived before a memory was bound')
  let outcome = message.job
  try {
    hpass(...message.args)
  } catch {
    outcome = -message.job
  }
  Atomics.store(done, 0, outcome)
  Atomics.notify(done, 0)
}

parentPort?.on('message', receive)
