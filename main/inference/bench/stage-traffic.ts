// Weight traffic per stage device: the weight bytes each stage reads per decode token (its layers,
// plus ln_f and lm_head on the last stage) times tokens/s, against that device's own measured copy
// bandwidth (measured once per device and kept).
import type { Manifest } from '../package/manifest'
import { cpuCopyBandwidth, webgpuCopyBandwidth } from './device-bandwidth'

export interface StageTraffic {
  device: string
  layers: [number, number]
  weightBytesPerToken: number
  weightBytesPerSec: number
  /** The device's copy bandwidth (read + write bytes/s); null where there is no measure for it. */
  deviceBandwidthBytesPerSec: number | null
  fractionOfBandwidth: number | null
}

export interface StagePlace {
  readonly layers: readonly [number, number]
  readonly device: string
}

/** Weight bytes a stage reads per decode token. */
export function stageWeightBytes(manifest: Manifest, stage: StagePlace): number {
  const [from, to] = stage.layers
  const layers = manifest.sizes.decoderLayerBytes.slice(from, to).reduce((a, b) => a + b, 0)
  return layers + (to === manifest.arch.llm.layers ? manifest.sizes.headBytes : 0)
}

export class DeviceBandwidths {
  private readonly measured = new Map<string, Promise<number | null>>()

  constructor(private readonly webgpuBytes = 256 * 1024 * 1024) {}

  /** Copy bandwidth of a stage device: CPU memcpy, WebGPU buffer copy; null for the others. */
  of(device: string): Promise<number | null> {
    let pending = this.measured.get(device)
    if (pending === undefined) {
      pending = this.measure(device)
      this.measured.set(device, pending)
    }
    return pending
  }

  private async measure(device: string): Promise<number | null> {
    if (device === 'cpu') return cpuCopyBandwidth()
    if (device === 'webgpu') return (await webgpuCopyBandwidth(this.webgpuBytes)).bytesPerSec
    return null
  }
}

export async function stageTraffic(
  manifest: Manifest,
  stages: readonly StagePlace[],
  tokensPerSec: number,
  bandwidths: DeviceBandwidths
): Promise<StageTraffic[]> {
  const rows: StageTraffic[] = []
  for (const stage of stages) {
    const weightBytesPerToken = stageWeightBytes(manifest, stage)
    const weightBytesPerSec = weightBytesPerToken * tokensPerSec
    const bandwidth = await bandwidths.of(stage.device)
    rows.push({
      device: stage.device,
      layers: [stage.layers[0], stage.layers[1]],
      weightBytesPerToken,
      weightBytesPerSec,
      deviceBandwidthBytesPerSec: bandwidth,
      fractionOfBandwidth: bandwidth === null ? null : weightBytesPerSec / bandwidth
    })
  }
  return rows
}
