// Probes one backend by creating and running the tiny probe model in a separate process (the
// built probe-child entry, started by this process's launcher), so a native crash in a GPU driver
// cannot take the CLI or the host down (ORT-RUNTIME.md §6.10). The child sends its one result
// back over the channel server's socket.
import type { InferenceSession } from 'onnxruntime-node'
import { launchConnected, type ConnectedChild } from '../child-process/launch-connected'
import {
  PROBE_ENTRY_FILE,
  probeResultSchema,
  type ProbeRequest,
  type ProbeResult
} from './probe-protocol'

export type { ProbeResult } from './probe-protocol'

export async function probeBackend(
  sessionOptions: InferenceSession.SessionOptions,
  options: { timeoutMs?: number; env?: Record<string, string> } = {}
): Promise<ProbeResult> {
  const timeoutMs = options.timeoutMs ?? 30_000
  const request: ProbeRequest = { sessionOptions: { ...sessionOptions } }
  let child: ConnectedChild
  try {
    child = await launchConnected({
      entry: PROBE_ENTRY_FILE,
      args: [JSON.stringify(request)],
      env: options.env ?? {},
      quiet: true
    })
  } catch (error) {
    return { ok: false, error: `the device probe cannot start: ${(error as Error).message}` }
  }
  return new Promise((resolve) => {
    let answer: unknown
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.process.kill()
    }, timeoutMs)
    const finish = (how: string | null): void => {
      clearTimeout(timer)
      resolve(readProbeOutcome(answer, how, timedOut))
    }
    child.connected
      .then(({ socket }) => {
        socket.onMessage((message) => {
          answer ??= message
          if (probeResultSchema.safeParse(message).success) finish(null)
        })
        // Everything the child wrote is read before its socket reports the close.
        child.process.onExit((how) => socket.onClose(() => finish(how)))
      })
      .catch(() => child.process.onExit(finish))
  })
}

/** The probe's result from its message, or why there is none from how the process ended. */
export function readProbeOutcome(
  answer: unknown,
  how: string | null,
  timedOut: boolean
): ProbeResult {
  const parsed = probeResultSchema.safeParse(answer)
  if (parsed.success)
    return parsed.data.error
      ? { ...parsed.data, error: shortOrtMessage(parsed.data.error) }
      : parsed.data
  if (timedOut) return { ok: false, error: 'the probe process timed out' }
  const signal = /^signal (\w+)/.exec(how ?? '')?.[1]
  if (signal) return { ok: false, error: `the probe process crashed (${signal})` }
  return {
    ok: false,
    error:
      answer === undefined
        ? `the probe process ended with no result (${how ?? 'unknown'})`
        : 'the probe process sent a malformed result'
  }
}

/** ONNX Runtime prefixes its messages with a source location and the failed check. */
export function shortOrtMessage(text: string): string {
  return text.replace(/^\S*onnxruntime_src\S* .*? was false\. /s, '').trim()
}
