// A canned backend, chosen with MPP_HOST_FAKE=1: deterministic word-by-word answers with a fixed
// delay per token, so the protocol, the client's crash recovery and UI work can run without a
// model. "Loading" checks that the package folder exists and that its optional fake-model.json
// parses; nothing here touches ONNX Runtime.
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { ChatTurn, GenerateResult, MediaReceipt } from '../inference/engine-api'
import { MppError } from '../shared/errors'
import { DEFAULT_FRAME_COUNT } from '../media/frame-select'
import { emptyStats, type HostBackend } from './host-backend'
import type { MethodParams } from './protocol'

const FILLER =
  'this fake model host answers with canned words so that streaming cancel and crash recovery can be tested without weights'.split(
    ' '
  )

/** The receipt a model with 32 query tokens gives: a video as its requested frame count. */
export function fakeMediaReceipts(turns: readonly ChatTurn[]): MediaReceipt[] {
  return turns.flatMap((turn, t) =>
    turn.media.map((item, index): MediaReceipt => {
      const images = item.kind === 'image' ? 1 : (item.frames ?? DEFAULT_FRAME_COUNT)
      return { turn: t, index, kind: item.kind, images, imageTokens: images * 32, inPrompt: true }
    })
  )
}

/** The answer the fake gives for a query: independent of timing, so replays match exactly. */
export function fakeAnswerWords(query: string, mediaCount: number): string[] {
  const head = [`You`, `said`, `"${query.trim()}"`, `with`, `${mediaCount}`, `media.`]
  return [...head, ...FILLER]
}

export function createFakeBackend(tokenDelayMs: number): HostBackend {
  let loaded: { packagePath: string; placement: MethodParams<'load'>['placement'] } | null = null
  let delayMs = tokenDelayMs

  return {
    async load(params, sink, signal) {
      const started = Date.now()
      loaded = null
      sink.onProgress({ phase: 'manifest', done: 0, total: 2 })
      const info = await stat(params.packagePath).catch(() => null)
      if (!info?.isDirectory()) {
        throw new MppError('FAKE_PACKAGE', `${params.packagePath} is not a model package folder`)
      }
      const configPath = join(params.packagePath, 'fake-model.json')
      const text = await readFile(configPath, 'utf8').catch(() => null)
      if (text !== null) {
        let config: unknown
        try {
          config = JSON.parse(text)
        } catch {
          throw new MppError('FAKE_PACKAGE', `${configPath} is not valid JSON`)
        }
        const value = (config as { tokenDelayMs?: unknown }).tokenDelayMs
        if (typeof value === 'number') delayMs = value
      }
      signal.throwIfAborted()
      sink.onProgress({ phase: 'weights', done: 1, total: 2 })
      await sleep(5)
      sink.onProgress({ phase: 'ready', done: 2, total: 2 })
      loaded = { packagePath: params.packagePath, placement: params.placement }
      return { packagePath: params.packagePath, demo: true, loadMs: Date.now() - started, info: {} }
    },
    async unload() {
      loaded = null
    },
    loaded: () => loaded,
    async devices() {
      return { devices: [{ kind: 'cpu', index: 0, name: 'fake cpu' }] }
    },
    async encodeMedia(params) {
      return { images: params.media.length, ms: 0 }
    },
    async generate(params, sink, signal): Promise<GenerateResult> {
      const turn = params.turns[params.turns.length - 1]
      const words = fakeAnswerWords(turn.query, turn.media.length)
      const limit = params.options.maxNewTokens
      const started = Date.now()
      const emitted: string[] = []
      let stopReason: GenerateResult['stats']['stopReason'] = 'stop-token'
      for (const [index, word] of words.entries()) {
        if (index >= limit) {
          stopReason = 'max-new-tokens'
          break
        }
        await sleep(delayMs)
        if (signal.aborted) {
          stopReason = 'cancelled'
          break
        }
        const piece = index === 0 ? word : ` ${word}`
        emitted.push(piece)
        sink.onDelta(piece)
      }
      const ms = Math.max(1, Date.now() - started)
      return {
        ids: emitted.map((_, index) => index),
        text: emitted.join(''),
        stats: {
          ...emptyStats(stopReason),
          media: fakeMediaReceipts(params.turns),
          generatedTokens: emitted.length,
          decodeTokensPerSec: (emitted.length * 1000) / ms
        }
      }
    },
    async dispose() {
      loaded = null
    }
  }
}
