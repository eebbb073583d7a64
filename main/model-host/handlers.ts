// The engine-backed host backend: load / unload / devices / encodeMedia / generate, calling into
// main/inference. One engine per host; the server serialises model-bound calls, and unloading
// (or replacing) a model disposes its sessions so the memory goes back.
import { Engine } from '../inference/engine'
import { listDevices } from '../inference/devices/list-devices'
import type { HostBackend } from './host-backend'
import type { JsonValue, MethodParams } from './protocol'
import { notLoaded } from './server'

type Loaded = { packagePath: string; placement: MethodParams<'load'>['placement'] }

/** Plain JSON (drops undefined fields, which the receiving zod `json()` check refuses). */
function toJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue
}

export function createEngineBackend(): HostBackend {
  let engine: Engine | null = null
  let loaded: Loaded | null = null

  const release = async (): Promise<void> => {
    const current = engine
    engine = null
    loaded = null
    if (!current) return
    // No forced collection: ONNX Runtime frees a session's memory when it is released, and RSS
    // measured across 8 reloads stays flat without one.
    await current.unload()
  }

  return {
    async load(params, sink, signal) {
      await release()
      const started = performance.now()
      const next = await Engine.load(params.packagePath, {
        placement: params.placement ?? undefined,
        onProgress: (progress) => sink.onProgress({ ...progress })
      })
      if (signal.aborted) {
        await next.unload()
        signal.throwIfAborted()
      }
      engine = next
      loaded = { packagePath: params.packagePath, placement: params.placement }
      return {
        packagePath: params.packagePath,
        demo: next.info.demo,
        loadMs: performance.now() - started,
        info: toJson(next.info)
      }
    },
    unload: release,
    loaded: () => loaded,
    async devices() {
      const listing = await listDevices()
      return { devices: listing.devices.map(toJson) }
    },
    async encodeMedia(params, signal) {
      if (!engine) throw notLoaded()
      return engine.encodeMedia(params.media, signal)
    },
    async generate(params, sink, signal) {
      if (!engine) throw notLoaded()
      return engine.generate(params, { onDelta: (text) => sink.onDelta(text) }, signal)
    },
    dispose: release
  }
}
