// Child-process entry that owns one device stage's ONNX Runtime sessions (built to
// out/main/stage-process.js). Started with the environment that pins its GPU adapter; all logic
// lives in WorkerHost, this file only wires the IPC channel. It ends when its parent goes away.
import { WorkerHost } from './worker-host'

const send = process.send?.bind(process)
if (send) {
  const host = new WorkerHost((message) => send(message))
  process.on('message', (message: unknown) => host.receive(message))
  process.on('disconnect', () => process.exit(0))
  send({ kind: 'ready' })
}
