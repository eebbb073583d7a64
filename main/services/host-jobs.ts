// Heavy file jobs (converting the seed's checkpoints, building the demo model) run in a model host
// process of their own, started for the job and stopped after it, so that main's event loop (the
// Electron window, the web server) never runs minutes of quantization, and a chat answer on the
// chat host is not queued behind them. Cancel asks the host to stop; a host that does not stop in
// time is killed, and the converter's partial folder (named by its pid) is removed here.
import { rm } from 'node:fs/promises'
import type { ModelPackageEntry } from '../../preload/contract/types'
import { demoModelDir, isValidDemoModel } from '../inference/demo-model'
import type { ModelHostClient } from '../model-host/client'
import type { MethodParams } from '../model-host/protocol'

export type JobHost = Pick<ModelHostClient, 'convert' | 'buildDemoModel' | 'dispose' | 'pid'>

export type ConvertProgress = { phase: string; done: number; total: number }

async function inFreshHost<T>(
  startHost: () => Promise<JobHost>,
  job: (host: JobHost) => Promise<T>
): Promise<T> {
  const host = await startHost()
  try {
    return await job(host)
  } finally {
    await host.dispose().catch(() => {})
  }
}

export function convertInJobHost(
  startHost: () => Promise<JobHost>,
  params: MethodParams<'convert'>,
  onProgress: (progress: ConvertProgress) => void,
  signal: AbortSignal
): Promise<ModelPackageEntry> {
  return inFreshHost(startHost, async (host) => {
    const pid = host.pid
    try {
      return await host.convert(params, onProgress, signal)
    } catch (error) {
      // A host killed mid-tensor could not clean up after itself.
      await host.dispose(1_000).catch(() => {})
      if (pid !== undefined)
        await rm(`${params.out}.partial-${pid}`, { recursive: true, force: true })
      throw error
    }
  })
}

/** The demo package folder; when it must be built, a job host builds it. */
export async function ensureDemoModelInJobHost(startHost: () => Promise<JobHost>): Promise<string> {
  const dir = demoModelDir()
  if (await isValidDemoModel(dir)) return dir
  return inFreshHost(startHost, (host) => host.buildDemoModel())
}
