// `mpp serve` put together: app services over the data folder, the model host as a Node child
// process, the bridge server; loads the given package (else the last one, else the demo model) at
// start. Returns a stop function.
import { join } from 'node:path'
import type { ApiRunOverrides } from '../api-server/api-server-service'
import { DEMO_MODEL_NOTICE, ensureDemoModel } from '../inference/demo-model'
import { ModelHostClient } from '../model-host/client'
import { createNodeHostAdapter } from '../model-host/node-adapter'
import { createAppServices } from '../app'
import { createMediaVideoTools } from '../services/media-video-tools'
import { startBridge, type BridgeServer } from './bridge-server'

export interface ServeOptions {
  readonly dataDir: string
  readonly rendererDir: string
  readonly host: string
  readonly port: number
  readonly modelPackage?: string
  /** Also serve the OpenAI-compatible API (`--api`), with these settings for the run. */
  readonly api?: ApiRunOverrides
  /** Lets the web API take paths on this machine's disk (`--allow-paths`). */
  readonly allowPaths?: boolean
  readonly log: (line: string) => void
}

export interface RunningServe {
  readonly bridge: BridgeServer
  /** The API's base URL and key when `api` was asked for and it is listening. */
  readonly api: { readonly url: string; readonly key: string | null } | null
  stop(): Promise<void>
}

export async function runServe(options: ServeOptions): Promise<RunningServe> {
  const app = createAppServices({
    dataDir: options.dataDir,
    modelsDir: join(options.dataDir, 'models'),
    video: createMediaVideoTools(),
    ensureDemoModel: () => ensureDemoModel(),
    demoNotice: DEMO_MODEL_NOTICE,
    startHost: () =>
      ModelHostClient.start({
        adapter: createNodeHostAdapter({ onStderr: (line) => options.log(`host: ${line}`) })
      }),
    onUnexpected: (route, error) => options.log(`${route} failed: ${String(error)}`),
    apiLog: options.log
  })
  app.events.subscribe((message) => {
    if (message.event === 'notice') options.log(`notice: ${message.payload.message}`)
  })
  const bridge = await startBridge({
    app,
    rendererDir: options.rendererDir,
    host: options.host,
    port: options.port,
    allowPaths: options.allowPaths,
    log: options.log
  })
  const apiStatus = options.api
    ? await app.apiServer.startForRun(options.api)
    : await app.apiServer.init()
  if (apiStatus.error) options.log(apiStatus.error)
  void app.models.loadAtStart(options.modelPackage).then((status) => {
    if (status.error) options.log(status.error)
    else if (status.demoNotice) options.log(status.demoNotice)
  })
  return {
    bridge,
    api: options.api && apiStatus.url ? { url: apiStatus.url, key: apiStatus.key } : null,
    stop: async () => {
      await bridge.close()
      await app.dispose()
    }
  }
}
