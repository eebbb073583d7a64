// The device probe's child process (built to out/main/device-probe.js): creates a session with
// the given options on the tiny probe model, runs it once and sends one result over its channel
// to the process that asked. Runs apart so that a native crash in a GPU driver cannot take the
// CLI or the host down (ORT-RUNTIME.md §6.10).
import type { InferenceSession } from 'onnxruntime-node'
import { connectToParent } from '../child-process/channel-client'
import { loadOrt } from './ort-session'
import { probeModelBytes } from './probe-model'
import { probeRequestSchema, type ProbeRequest, type ProbeResult } from './probe-protocol'

async function probe(request: ProbeRequest): Promise<ProbeResult> {
  const ort = await loadOrt()
  const started = Date.now()
  const session = await ort.InferenceSession.create(
    probeModelBytes(),
    request.sessionOptions as InferenceSession.SessionOptions
  )
  const a = new ort.Tensor('float32', Float32Array.from([1, 2, 3, 4]), [4])
  const out = await session.run({ a, b: a })
  const sums = Array.from(out.c.data as Float32Array).join(',')
  await session.release()
  return sums === '2,4,6,8'
    ? { ok: true, ms: Date.now() - started }
    : { ok: false, error: 'wrong result from the probe model' }
}

function readRequest(): ProbeRequest {
  return probeRequestSchema.parse(JSON.parse(process.argv[2] ?? 'null'))
}

async function outcome(): Promise<ProbeResult> {
  try {
    return await probe(readRequest())
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) }
  }
}

const channel = await connectToParent()
channel.send(await outcome())
await channel.end()
// A utilityProcess would stay up on its parent port: end explicitly.
process.exit(0)
