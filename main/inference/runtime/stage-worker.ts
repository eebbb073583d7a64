// worker_threads entry that owns one device's ONNX Runtime sessions (built to
// out/main/stage-worker.js). All logic lives in WorkerHost; this file only wires the port.
import { parentPort } from 'node:worker_threads'
import { WorkerHost } from './worker-host'

const port = parentPort
if (port) {
  const host = new WorkerHost((message, transfer) => port.postMessage(message, transfer ?? []))
  port.on('message', (message: unknown) => host.receive(message))
  port.postMessage({ kind: 'ready' })
}
