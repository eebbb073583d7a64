// Probes one backend by creating and running the tiny probe model in a separate Node process,
// so a native crash in a GPU driver cannot take the CLI or the host down (ORT-RUNTIME.md §6.10).
import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { z } from 'zod'
import { probeModelBytes } from './probe-model'
import { sessionOptionsFor } from './session-options'
import type { DeviceRef } from './device-ref'

export type ProbeResult = {
  ok: boolean
  ms?: number
  error?: string
}

const probeResultSchema = z.object({
  ok: z.boolean(),
  ms: z.number().optional(),
  error: z.string().optional()
})

const PROBE_SCRIPT = `
const [ortPath, optionsJson, modelBase64] = process.argv.slice(1)
const write = (value) => process.stdout.write('\\nPROBE ' + JSON.stringify(value) + '\\n')
;(async () => {
  const ort = require(ortPath)
  const started = Date.now()
  const session = await ort.InferenceSession.create(Buffer.from(modelBase64, 'base64'), JSON.parse(optionsJson))
  const a = new ort.Tensor('float32', Float32Array.from([1, 2, 3, 4]), [4])
  const out = await session.run({ a, b: a })
  const ok = Array.from(out.c.data).join(',') === '2,4,6,8'
  await session.release()
  write(ok ? { ok, ms: Date.now() - started } : { ok, error: 'wrong result from the probe model' })
})().catch((error) => write({ ok: false, error: String((error && error.message) || error) }))
`

export function probeBackend(device: DeviceRef, timeoutMs = 30_000): Promise<ProbeResult> {
  const ortPath = createRequire(import.meta.url).resolve('onnxruntime-node')
  const options = JSON.stringify(sessionOptionsFor(device))
  const model = Buffer.from(probeModelBytes()).toString('base64')
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-e', PROBE_SCRIPT, ortPath, options, model],
      {
        timeout: timeoutMs,
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
        maxBuffer: 1 << 20
      },
      (error, stdout) => resolve(readProbeOutput(stdout, error))
    )
  })
}

export function readProbeOutput(
  stdout: string,
  error: (Error & { signal?: string | null; killed?: boolean }) | null
): ProbeResult {
  const line = stdout.split('\n').find((entry) => entry.startsWith('PROBE '))
  if (line) {
    const parsed = probeResultSchema.safeParse(JSON.parse(line.slice('PROBE '.length)))
    if (parsed.success)
      return parsed.data.error
        ? { ...parsed.data, error: shortOrtMessage(parsed.data.error) }
        : parsed.data
  }
  if (error?.killed) return { ok: false, error: 'the probe process timed out' }
  if (error?.signal) return { ok: false, error: `the probe process crashed (${error.signal})` }
  return {
    ok: false,
    error: error
      ? `the probe process failed: ${error.message.split('\n')[0]}`
      : 'the probe process printed no result'
  }
}

/** ONNX Runtime prefixes its messages with a source location and the failed check. */
export function shortOrtMessage(text: string): string {
  return text.replace(/^\S*onnxruntime_src\S* .*? was false\. /s, '').trim()
}
