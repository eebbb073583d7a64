// Probes one backend by creating and running the tiny probe model in a separate process (the
// built probe-child entry), so a native crash in a GPU driver cannot take the CLI or the host
// down (ORT-RUNTIME.md §6.10).
import { execFile } from 'node:child_process'
import type { InferenceSession } from 'onnxruntime-node'
import { findBuiltEntry } from '../built-entry'
import {
  PROBE_ENTRY_FILE,
  PROBE_LINE_PREFIX,
  probeResultSchema,
  type ProbeRequest,
  type ProbeResult
} from './probe-protocol'

export type { ProbeResult } from './probe-protocol'

export function probeBackend(
  sessionOptions: InferenceSession.SessionOptions,
  timeoutMs = 30_000
): Promise<ProbeResult> {
  const entry = findBuiltEntry(PROBE_ENTRY_FILE)
  if (!entry) {
    return Promise.resolve({
      ok: false,
      error: `the device probe is not built (${PROBE_ENTRY_FILE}; run electron-vite build)`
    })
  }
  const request: ProbeRequest = { sessionOptions: { ...sessionOptions } }
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [entry, JSON.stringify(request)],
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
  const line = stdout.split('\n').find((entry) => entry.startsWith(PROBE_LINE_PREFIX))
  if (line) {
    const parsed = probeResultSchema.safeParse(JSON.parse(line.slice(PROBE_LINE_PREFIX.length)))
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
