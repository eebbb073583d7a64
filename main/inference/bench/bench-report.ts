// The `mpp bench` report: every figure of a run as one plain JSON object (the machine, the model,
// each placement's decode set, the turn figures, target checks), and its text form.
import { cpus, loadavg, totalmem } from 'node:os'
import type { Manifest } from '../package/manifest'
import type { DecodeFigures } from './decode-bench'
import type { CompareFailure, DecodeSet, ModelBenchResult, Skipped } from './model-bench'

export interface TargetCheck {
  name: string
  value: number
  target: string
  pass: boolean
}

export interface BenchReport {
  machine: { cpus: number; loadAverage: number[]; cpuModel: string; memoryBytes: number }
  model: {
    path: string
    dtype: Manifest['dtype']
    layers: number
    hidden: number
    vocab: number
    timingOnly: boolean
    weightBytesPerToken: number
    stages: ModelBenchResult['engine']['stages']
  }
  /** The main placement's figures (also the first entry of `devices`). */
  decode: Record<string, DecodeFigures>
  decodeRatio2048to64: number
  prefill: DecodeSet['prefill']
  stageTraffic: DecodeSet['stageTraffic']
  dispatchesPerToken: number | null
  /** The main placement first, then each --compare device alone. */
  devices: (DecodeSet | CompareFailure)[]
  bandwidth: {
    memoryCopyBytesPerSec: number
    weightBytesPerToken: number
    limitTokensPerSec: number
    fractionOfLimitAt64: number
  }
  followUp: ModelBenchResult['followUp']
  image: ModelBenchResult['image']
  video: ModelBenchResult['video']
  pipelining: ModelBenchResult['pipelining']
  checks: TargetCheck[]
}

export function buildReport(
  modelDir: string,
  manifest: Manifest,
  r: ModelBenchResult
): BenchReport {
  const { main } = r
  const weightBytesPerToken =
    manifest.sizes.decoderLayerBytes.reduce((a, b) => a + b, 0) + manifest.sizes.headBytes
  const limitTokensPerSec = r.cpuCopyBytesPerSec / weightBytesPerToken
  const followUpRatio = 'ratio' in r.followUp ? r.followUp.ratio : undefined
  return {
    machine: {
      cpus: cpus().length,
      loadAverage: loadavg(),
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryBytes: totalmem()
    },
    model: {
      path: modelDir,
      dtype: manifest.dtype,
      layers: manifest.arch.llm.layers,
      hidden: manifest.arch.llm.hidden,
      vocab: manifest.arch.llm.vocab,
      timingOnly: manifest.timingOnly === true,
      weightBytesPerToken,
      stages: r.engine.stages
    },
    decode: main.decode,
    decodeRatio2048to64: main.decodeRatio2048to64,
    prefill: main.prefill,
    stageTraffic: main.stageTraffic,
    dispatchesPerToken: main.dispatchesPerToken,
    devices: [main, ...r.compared],
    bandwidth: {
      memoryCopyBytesPerSec: r.cpuCopyBytesPerSec,
      weightBytesPerToken,
      limitTokensPerSec,
      fractionOfLimitAt64: main.decode[64].tokensPerSec / limitTokensPerSec
    },
    followUp: r.followUp,
    image: r.image,
    video: r.video,
    pipelining: r.pipelining,
    checks: targetChecks(
      main.decode,
      followUpRatio,
      main.decode[64].tokensPerSec / limitTokensPerSec,
      manifest.dtype
    )
  }
}

/** The issue's targets for the small test model on the CPU, as value/target/pass rows. */
function targetChecks(
  decode: Record<string, DecodeFigures>,
  followUpRatio: number | undefined,
  bandwidthFraction: number,
  dtype: string
): TargetCheck[] {
  const overheads = Object.values(decode)
    .map((d) => d.overheadPct)
    .filter((x) => Number.isFinite(x))
  const ratio = decode[2048].tokensPerSec / decode[64].tokensPerSec
  const checks: TargetCheck[] = []
  if (overheads.length > 0) {
    const worst = Math.max(...overheads)
    checks.push({
      name: 'engine overhead % (worst context)',
      value: worst,
      target: '<= 10',
      pass: worst <= 10
    })
  }
  checks.push({ name: 'decode 2048 / 64', value: ratio, target: '>= 0.7', pass: ratio >= 0.7 })
  if (followUpRatio !== undefined) {
    checks.push({
      name: 'follow-up / no-history first token',
      value: followUpRatio,
      target: '<= 1.5',
      pass: followUpRatio <= 1.5
    })
  }
  if (dtype === 'int4') {
    checks.push({
      name: 'int4 decode / bandwidth limit',
      value: bandwidthFraction,
      target: '>= 0.4',
      pass: bandwidthFraction >= 0.4
    })
  }
  return checks
}

const f = (x: number, digits = 1): string => x.toFixed(digits)
const gbps = (bytesPerSec: number): string => `${f(bytesPerSec / 1e9)} GB/s`

function decodeSetLines(set: DecodeSet): string[] {
  const lines = Object.entries(set.decode).map(([context, d]) => {
    const bare = Number.isFinite(d.bareMsPerToken)
      ? `; bare ORT ${f(d.bareMsPerToken)} ms; overhead ${f(d.overheadPct)}%`
      : ''
    return `[${set.device}] decode @${context}: ${f(d.tokensPerSec)} tok/s (${f(d.msPerToken)} ms/token${bare})`
  })
  lines.push(`[${set.device}] decode 2048/64: ${f(set.decodeRatio2048to64 * 100)}%`)
  lines.push(
    `[${set.device}] prefill of ${set.prefill.tokens} tokens: ${f(set.prefill.tokensPerSec)} tok/s (${f(set.prefill.ms)} ms)`
  )
  for (const s of set.stageTraffic) {
    const share =
      s.deviceBandwidthBytesPerSec === null || s.fractionOfBandwidth === null
        ? 'device bandwidth not measured'
        : `${f(s.fractionOfBandwidth * 100)}% of its ${gbps(s.deviceBandwidthBytesPerSec)}`
    lines.push(
      `[${set.device}] stage ${s.device} layers ${s.layers[0]}-${s.layers[1]}: ${f(s.weightBytesPerToken / 1e6)} MB/token -> ${gbps(s.weightBytesPerSec)} of weights at decode @64, ${share}`
    )
  }
  lines.push(
    `[${set.device}] dispatches per token: ${set.dispatchesPerToken === null ? 'not available (no stage profile)' : f(set.dispatchesPerToken)}`
  )
  return lines
}

function skippedOr<T extends object>(value: T | Skipped, line: (v: T) => string): string | null {
  return 'skipped' in value ? `skipped: ${value.skipped}` : line(value)
}

export function formatReport(r: BenchReport): string {
  const lines: string[] = []
  if (r.model.timingOnly) {
    lines.push('timing-only bench model: the figures are real, its answers are not')
  }
  for (const set of r.devices) {
    if ('error' in set) lines.push(`[${set.device}] could not run: ${set.error}`)
    else lines.push(...decodeSetLines(set))
  }
  lines.push(
    `memory copy ${gbps(r.bandwidth.memoryCopyBytesPerSec)}; weights ${f(r.bandwidth.weightBytesPerToken / 1e6)} MB/token -> limit ${f(r.bandwidth.limitTokensPerSec)} tok/s; decode @64 is ${f(r.bandwidth.fractionOfLimitAt64 * 100)}% of it`
  )
  lines.push(
    `follow-up: ${skippedOr(
      r.followUp,
      (u) =>
        `first token after ${u.historyTokens} tokens: ${f(u.followUpMsToFirstToken)} ms vs ${f(u.noHistoryMsToFirstToken)} ms alone (${f(u.ratio, 2)}x)`
    )}`
  )
  lines.push(
    `1 image: ${skippedOr(r.image, (i) => `first token ${f(i.msToFirstToken)} ms, encode ${f(i.imageEncodeMs)} ms`)}`
  )
  lines.push(
    `video: ${skippedOr(r.video, (v) => `${v.images} frames, first token ${f(v.msToFirstToken)} ms, encode ${f(v.imageEncodeMs)} ms`)}`
  )
  for (const c of r.checks) {
    lines.push(`${c.pass ? 'PASS' : 'MISS'} ${c.name}: ${f(c.value, 2)} (target ${c.target})`)
  }
  return lines.join('\n')
}
