// Child-process entry that owns one device stage's ONNX Runtime sessions (built to
// out/main/stage-process.js). Started, with the environment that pins its GPU adapter, by the
// model host's launcher: a child of the host, or a utilityProcess of Electron's main. All logic
// lives in WorkerHost; this file only wires the channel back to the host, and ends the process
// when that channel closes (the host went away or let the stage go).
import { connectToParent } from '../child-process/channel-client'
import { WorkerHost } from './worker-host'

try {
  const channel = await connectToParent()
  const host = new WorkerHost((message) => channel.send(message))
  channel.onMessage((message) => host.receive(message))
  channel.onClose(() => process.exit(0))
  channel.send({ kind: 'ready' })
} catch (error) {
  process.stderr.write(`stage process: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
}
