// The heavy model-file jobs the host runs for main, off main's event loop: converting the seed's
// checkpoints into a package (quantization in JS, minutes for a 7B model) and building the demo
// model. Cancel takes effect at the next progress step; the converter then removes its partial
// folder, so no half-written package is left.
import { basename } from 'node:path'
import { convertModel } from '../inference/convert/convert'
import { ensureDemoModel } from '../inference/demo-model'
import type { LoadSink } from './host-backend'
import type { MethodParams, MethodResult } from './protocol'

export async function convertInHost(
  params: MethodParams<'convert'>,
  sink: LoadSink,
  signal: AbortSignal
): Promise<MethodResult<'convert'>> {
  signal.throwIfAborted()
  const result = await convertModel({
    ...params,
    onProgress: (progress) => {
      signal.throwIfAborted()
      sink.onProgress({ phase: progress.label, done: progress.done, total: progress.total })
    }
  })
  return { path: params.out, name: basename(params.out), demo: result.manifest.demo === true }
}

export async function buildDemoModelInHost(): Promise<MethodResult<'buildDemoModel'>> {
  return { path: await ensureDemoModel() }
}
