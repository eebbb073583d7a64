// `mpp serve` put together: app services over the data folder, the model host as a Node child
// process, the bridge server; loads the given package (else the last one, else the demo model) at
// start. Returns a stop function.
import { join } from 'node:path'
import { DEMO_MODEL_NOTICE, ensureDemoModel } from '../inference/demo-model'
import { ModelHostClient } from '../model-host/client'
import { createNodeHostAdapter } from '../model-host/node-adapter'
import { createAppServices } from '../services/app-services'
import { createMediaVideoTools } from '../services/media-video-tools'
import { startBridge, type BridgeServer } from './bridge-server'

export interface ServeOptions {
  readonly dataDir: string
  readonly rendererDir: string
  readonly host: string
  readonly port: number
  readonly modelPackage?: string
  /** Lets the web API take paths on this machine's disk (`--allow-paths`). */
  readonly allowPaths?: boolean
  readonly log: (line: string) => void
}

export interface RunningServe {
  readonly bridge: BridgeServer
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
    onUnexpected: (route, error) => options.log(`${route} failed: ${String(error)}`)
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
  void app.models.loadAtStart(options.modelPackage).then((status) => {
    if (status.error) options.log(status.error)
    else if (status.demoNotice) options.log(status.demoNotice)
  })
  return {
    bridge,
    stop: async () => {
      await bridge.close()
      await app.dispose()
    }
  }
}
